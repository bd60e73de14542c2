package dev.osprey.tokenizer.gguf;

import dev.osprey.tokenizer.TokenAttribute;
import dev.osprey.tokenizer.Vocabulary.Role;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * llama.cpp's load-time corrections of token types by token text, which convert scripts leave to
 * the loader ({@code llama_vocab::impl::load}, "auto-detect special tokens by text"):
 * <ol>
 *   <li>the FIM tokens it looks up by text when the file names none get the control attribute;</li>
 *   <li>control tokens whose text contains "unused" get the unused attribute;</li>
 *   <li>every end-of-generation-looking token ({@code <|im_end|>}, {@code </s>}, ...) gets the control attribute;</li>
 *   <li>gpt-oss's {@code <|channel|>}, {@code <|message|>}, {@code <|start|>}, {@code <|constrain|>} become user-defined only;</li>
 *   <li>with o200k_harmony's {@code <|return|>} and {@code <|call|>} (or solar-open's {@code <|calls|>} and
 *       {@code <|flush|>}), {@code <|end|>} becomes user-defined only;</li>
 *   <li>with gemma4's {@code <|tool_response>}, {@code </s>} becomes normal only.</li>
 * </ol>
 * Text left in the input next to an overridden token therefore tokenizes as llama.cpp does: a
 * normal-typed {@code <|im_end|>} is matched whole when special tokens are parsed.
 */
final class ControlLookingTokens {

    /** Texts llama.cpp tries, per FIM role, when the file gives no id for it. */
    private static final Map<Role, List<String>> FIM_TEXTS = Map.of(
            Role.FIM_PREFIX, List.of("<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>",
                    "▁<PRE>", "<|code_prefix|>", "<|prefix|>"),
            Role.FIM_SUFFIX, List.of("<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>",
                    "▁<SUF>", "<|code_suffix|>", "<|suffix|>"),
            Role.FIM_MIDDLE, List.of("<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>",
                    "▁<MID>", "<|code_middle|>", "<|middle|>"),
            Role.FIM_PAD, List.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"),
            Role.FIM_REPO, List.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"),
            Role.FIM_SEP, List.of("<|file_sep|>"));

    /** Texts llama.cpp treats as end of generation, whatever their type. */
    private static final Set<String> END_OF_GENERATION_TEXTS = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>",
            "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>",
            "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>", "<end_of_utterance>", "<eos>",
            "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~[");

    private static final List<String> ALWAYS_RENDERED = List.of("<|channel|>", "<|message|>", "<|start|>", "<|constrain|>");

    private ControlLookingTokens() {
    }

    /**
     * Applies the corrections in llama.cpp's order.
     *
     * @param ids            token text → id
     * @param attributes     (vocab) {@link TokenAttribute} bits per token, updated in place
     * @param declaredRoles  the roles the file gives ids for (a FIM role given there is not looked up by text)
     */
    static void apply(Map<String, Integer> ids, int[] attributes, Set<Role> declaredRoles) {
        FIM_TEXTS.forEach((role, texts) -> {
            if (!declaredRoles.contains(role)) {
                firstPresent(ids, texts).ifPresent(id -> attributes[id] |= TokenAttribute.CONTROL.bit());
            }
        });
        ids.forEach((text, id) -> {
            if (TokenAttribute.CONTROL.in(attributes[id]) && text.contains("unused")) {
                attributes[id] |= TokenAttribute.UNUSED.bit();
            }
        });
        for (String text : END_OF_GENERATION_TEXTS) {
            Integer id = ids.get(text);
            if (id != null) {
                attributes[id] |= TokenAttribute.CONTROL.bit();
            }
        }
        for (String text : ALWAYS_RENDERED) {
            replace(ids, attributes, text, TokenAttribute.USER_DEFINED);
        }
        boolean call = ids.containsKey("<|call|>") || ids.containsKey("<|calls|>");
        if (call && (ids.containsKey("<|return|>") || ids.containsKey("<|flush|>"))) {
            replace(ids, attributes, "<|end|>", TokenAttribute.USER_DEFINED);
        }
        if (ids.containsKey("<|tool_response>")) {
            replace(ids, attributes, "</s>", TokenAttribute.NORMAL);
        }
    }

    /**
     * The lowest id among the texts present. llama.cpp takes the first it meets in hash order, so
     * where a vocabulary holds two candidates for one role (none known does) its choice is arbitrary.
     */
    private static Optional<Integer> firstPresent(Map<String, Integer> ids, List<String> texts) {
        return texts.stream().map(ids::get).filter(Objects::nonNull).min(Integer::compare);
    }

    private static void replace(Map<String, Integer> ids, int[] attributes, String text, TokenAttribute only) {
        Integer id = ids.get(text);
        if (id != null) {
            attributes[id] = only.bit();
        }
    }
}
