package dev.osprey.tokenizer.fim;

import dev.osprey.tokenizer.TokenType;
import dev.osprey.tokenizer.TokenizerModel;
import dev.osprey.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Vocabularies that carry each family's real special tokens at their real ids, with only the byte
 * or character tokens {@link CodepointTokenizer} needs in between (the rest is filler). Sources:
 * Qwen3's tokenizer.json (same FIM ids as Qwen2.5-Coder), llama.cpp's ggml-vocab-starcoder.gguf and
 * ggml-vocab-deepseek-coder.gguf (read with a throwaway script; no GGUF reader on this branch), and
 * CodeLlama's tokenizer ({@code ▁<PRE>} 32007, {@code ▁<SUF>} 32008, {@code ▁<MID>} 32009,
 * {@code ▁<EOT>} 32010).
 */
final class FimVocabularies {

    private FimVocabularies() {}

    /** Qwen2.5-Coder / Qwen3: byte alphabet at 0..255, added tokens from 151643. */
    static Vocabulary qwen() {
        return qwen(b -> {});
    }

    static Vocabulary qwen(Consumer<Vocabulary.Builder> extra) {
        Table t = new Table(151669);
        t.put(0, CodepointTokenizer.ByteLevel.alphabet(), TokenType.NORMAL);
        t.put(151643, List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|object_ref_start|>",
                "<|object_ref_end|>", "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>",
                "<|vision_start|>", "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>"),
                TokenType.CONTROL);
        t.put(151657, List.of("<tool_call>", "</tool_call>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
                "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>", "<tool_response>", "</tool_response>", "<think>",
                "</think>"), TokenType.USER_DEFINED);
        Vocabulary.Builder b = t.builder(TokenizerModel.GPT2)
                .special(Vocabulary.Role.EOS, 151645).special(Vocabulary.Role.PAD, 151643);
        extra.accept(b);
        return b.build();
    }

    /** StarCoder2's vocabulary (llama.cpp's ggml-vocab-starcoder.gguf): specials at 0..37. */
    static Vocabulary starcoder() {
        Table t = new Table(38 + 256);
        t.put(0, List.of("<|endoftext|>", "<fim_prefix>", "<fim_middle>", "<fim_suffix>", "<fim_pad>", "<repo_name>",
                "<file_sep>", "<issue_start>"), TokenType.CONTROL);
        t.put(38, CodepointTokenizer.ByteLevel.alphabet(), TokenType.NORMAL);
        return t.builder(TokenizerModel.GPT2)
                .special(Vocabulary.Role.BOS, 0).special(Vocabulary.Role.EOS, 0).special(Vocabulary.Role.UNK, 0)
                .build();
    }

    /** DeepSeek-Coder (llama.cpp's ggml-vocab-deepseek-coder.gguf): adds BOS, FIM tokens user-defined. */
    static Vocabulary deepseekCoder() {
        Table t = new Table(32022);
        t.put(0, CodepointTokenizer.ByteLevel.alphabet(), TokenType.NORMAL);
        t.put(32013, List.of("<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"), TokenType.CONTROL);
        t.put(32015, List.of("<｜fim▁hole｜>", "<｜fim▁begin｜>", "<｜fim▁end｜>", "<pad>", "<|User|>", "<|Assistant|>",
                "<|EOT|>"), TokenType.USER_DEFINED);
        return t.builder(TokenizerModel.GPT2)
                .special(Vocabulary.Role.BOS, 32013).special(Vocabulary.Role.EOS, 32014).special(Vocabulary.Role.PAD, 32014)
                .addBos(true)
                .build();
    }

    /** CodeLlama: SentencePiece, byte fallback, FIM tags 32007..32010, BOS added, dummy prefix on. */
    static Vocabulary codeLlama() {
        Table t = llamaBase(32016);
        t.put(32007, List.of("▁<PRE>", "▁<SUF>", "▁<MID>", "▁<EOT>"), TokenType.CONTROL);
        return t.builder(TokenizerModel.LLAMA)
                .special(Vocabulary.Role.UNK, 0).special(Vocabulary.Role.BOS, 1).special(Vocabulary.Role.EOS, 2)
                .addBos(true).addSpacePrefix(true)
                .build();
    }

    /** Llama 2: the same SentencePiece layout without FIM tokens. */
    static Vocabulary llamaWithoutFim() {
        return llamaBase(32000).builder(TokenizerModel.LLAMA)
                .special(Vocabulary.Role.UNK, 0).special(Vocabulary.Role.BOS, 1).special(Vocabulary.Role.EOS, 2)
                .addBos(true).addSpacePrefix(true)
                .build();
    }

    private static Table llamaBase(int size) {
        Table t = new Table(size);
        t.put(0, List.of("<unk>"), TokenType.UNKNOWN);
        t.put(1, List.of("<s>", "</s>"), TokenType.CONTROL);
        List<String> bytes = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            bytes.add(String.format("<0x%02X>", b));
        }
        t.put(3, bytes, TokenType.BYTE);
        List<String> pieces = new ArrayList<>();
        pieces.add("▁");
        for (char c = '!'; c <= '~'; c++) {
            pieces.add(String.valueOf(c));
        }
        t.put(259, pieces, TokenType.NORMAL);
        return t;
    }

    /** Token strings and types by id; unset ids become unused filler. */
    private static final class Table {
        private final String[] tokens;
        private final TokenType[] types;

        Table(int size) {
            tokens = new String[size];
            types = new TokenType[size];
        }

        void put(int first, List<String> texts, TokenType type) {
            for (int i = 0; i < texts.size(); i++) {
                tokens[first + i] = texts.get(i);
                types[first + i] = type;
            }
        }

        Vocabulary.Builder builder(TokenizerModel model) {
            List<String> list = new ArrayList<>(tokens.length);
            for (int id = 0; id < tokens.length; id++) {
                if (tokens[id] == null) {
                    tokens[id] = "<unused_" + id + ">";
                    types[id] = TokenType.UNUSED;
                }
                list.add(tokens[id]);
            }
            return Vocabulary.builder(model).tokens(list).types(types);
        }
    }
}
