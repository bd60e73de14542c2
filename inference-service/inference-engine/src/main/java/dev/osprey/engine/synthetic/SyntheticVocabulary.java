package dev.osprey.engine.synthetic;

import dev.osprey.gguf.GgufWriter;
import dev.osprey.tokenizer.text.ByteLevelAlphabet;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokenizer written into a synthetic model: a byte-level BPE ({@code tokenizer.ggml.model =
 * gpt2}) of exactly {@code vocab} tokens, with no merges, so text tokenizes to one token per UTF-8
 * byte. Ids 0-255 are GPT-2's byte tokens in GPT-2's order; the last few ids are the architecture's
 * control tokens (Qwen2's {@code <|endoftext|>}, {@code <|im_start|>}, {@code <|im_end|>}; Llama 3's
 * {@code <|begin_of_text|>} and header/turn markers); every id between is a filler
 * {@code <|synthetic_ID|>} of type NORMAL, which tokenization never produces (no merge reaches it)
 * and which decodes to its own text. Fillers are not control or user-defined tokens because
 * llama.cpp scans prompt text for every such token, which would cost it ~10^5 searches per prompt.
 */
final class SyntheticVocabulary {
    static final int MIN_SIZE = 256 + 8;
    private static final int NORMAL = 1;
    private static final int CONTROL = 3;

    private static final String CHATML_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";
    private static final String LLAMA3_TEMPLATE = "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + "
            + "message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

    private SyntheticVocabulary() {
    }

    /** Puts the {@code tokenizer.*} keys for {@code model} into {@code writer}. */
    static void put(GgufWriter writer, SyntheticModel model) {
        // Qwen's and StarCoder2's vocabularies end in <|endoftext|> without a BOS; Llama 3's add one
        boolean qwen = !model.arch().equals("llama");
        List<String> specials = qwen
                ? List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>")
                : List.of("<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>");
        int n = model.vocab();
        int firstSpecial = n - specials.size();
        List<String> tokens = new ArrayList<>(n);
        int[] types = new int[n];
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevelAlphabet.charOf(gpt2ByteOrder(b))));
            types[b] = NORMAL;
        }
        for (int id = 256; id < firstSpecial; id++) {
            tokens.add("<|synthetic_" + id + "|>");
            types[id] = NORMAL;
        }
        for (int i = 0; i < specials.size(); i++) {
            tokens.add(specials.get(i));
            types[firstSpecial + i] = CONTROL;
        }
        writer.putString("tokenizer.ggml.model", "gpt2")
                .putString("tokenizer.ggml.pre", switch (model.arch()) {
                    case "llama" -> "llama-bpe";
                    case "starcoder2" -> "starcoder";
                    default -> "qwen2";
                })
                .putStringArray("tokenizer.ggml.tokens", tokens)
                .putInt32Array("tokenizer.ggml.token_type", types)
                .putStringArray("tokenizer.ggml.merges", List.of());
        if (qwen) {
            writer.putUInt32("tokenizer.ggml.bos_token_id", firstSpecial)
                    .putUInt32("tokenizer.ggml.eos_token_id", firstSpecial)
                    .putUInt32("tokenizer.ggml.padding_token_id", firstSpecial)
                    .putBool("tokenizer.ggml.add_bos_token", false)
                    .putString("tokenizer.chat_template", CHATML_TEMPLATE);
        } else {
            writer.putUInt32("tokenizer.ggml.bos_token_id", firstSpecial)
                    .putUInt32("tokenizer.ggml.eos_token_id", firstSpecial + 1)
                    .putUInt32("tokenizer.ggml.eot_token_id", firstSpecial + 4)
                    .putBool("tokenizer.ggml.add_bos_token", true)
                    .putString("tokenizer.chat_template", LLAMA3_TEMPLATE);
        }
    }

    /** The byte that GPT-2's vocabulary lists at position {@code i}: printable bytes first, then the rest. */
    private static int gpt2ByteOrder(int i) {
        int seen = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int b = 0; b < 256; b++) {
                boolean printable = ByteLevelAlphabet.charOf(b) == (char) b;
                if (printable == (pass == 0) && seen++ == i) {
                    return b;
                }
            }
        }
        throw new IllegalArgumentException("byte index " + i);
    }
}
