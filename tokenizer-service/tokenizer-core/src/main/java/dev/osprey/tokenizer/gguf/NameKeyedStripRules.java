package dev.osprey.tokenizer.gguf;

import dev.osprey.tokenizer.TokenAttribute;
import java.util.List;
import java.util.Map;

/**
 * The lstrip/rstrip attributes llama.cpp gives tokens by model family, keyed on names in the file
 * because GGUF stores no per-token attributes. The first rule that applies wins:
 * <ol>
 *   <li>pre-tokenizer {@code jina-v2-de}, {@code jina-v2-es} or {@code jina-v2-code}, or architecture
 *       {@code nomic-bert-moe} or {@code jina-bert-v3} (each matched as a substring): {@code <mask>} is lstrip;</li>
 *   <li>model name ({@code general.name}, ASCII-lowercased) containing {@code phi-3} or {@code phi3}: every
 *       control, user-defined and unknown token and {@code </s>} are rstrip, except {@code <unk>}, {@code <s>}
 *       and {@code <|endoftext|>};</li>
 *   <li>model name containing {@code modern-bert}: {@code [MASK]} is lstrip.</li>
 * </ol>
 * A missing {@code <mask>} or {@code [MASK]} only leaves the rule without effect (llama.cpp warns); a
 * phi-3 vocabulary without one of the four tokens it names is rejected, as llama.cpp fails to load it.
 */
final class NameKeyedStripRules {

    private NameKeyedStripRules() {
    }

    /**
     * @param ids          token text → id
     * @param attributes   (vocab) {@link TokenAttribute} bits per token, after {@link ControlLookingTokens}; updated in place
     * @param modelName    {@code general.name}, "" when absent
     * @param preTokenizer {@code tokenizer.ggml.pre}, "" when absent
     * @param architecture {@code general.architecture}, "" when absent
     * @throws IllegalArgumentException when the phi-3 rule applies and a token it names is missing
     */
    static void apply(Map<String, Integer> ids, int[] attributes, String modelName, String preTokenizer,
                      String architecture) {
        String name = asciiLowerCase(modelName);
        if (containsAny(preTokenizer, "jina-v2-de", "jina-v2-es", "jina-v2-code")
                || containsAny(architecture, "nomic-bert-moe", "jina-bert-v3")) {
            setIfPresent(ids, attributes, "<mask>", TokenAttribute.LSTRIP);
        } else if (containsAny(name, "phi-3", "phi3")) {
            for (int id = 0; id < attributes.length; id++) {
                if ((attributes[id] & TokenAttribute.MATCHED_WHOLE) != 0) {
                    attributes[id] |= TokenAttribute.RSTRIP.bit();
                }
            }
            attributes[requirePhi3Token(ids, modelName, "</s>")] |= TokenAttribute.RSTRIP.bit();
            for (String text : List.of("<unk>", "<s>", "<|endoftext|>")) {
                attributes[requirePhi3Token(ids, modelName, text)] &= ~TokenAttribute.RSTRIP.bit();
            }
        } else if (name.contains("modern-bert")) {
            setIfPresent(ids, attributes, "[MASK]", TokenAttribute.LSTRIP);
        }
    }

    private static void setIfPresent(Map<String, Integer> ids, int[] attributes, String text, TokenAttribute attribute) {
        Integer id = ids.get(text);
        if (id != null) {
            attributes[id] |= attribute.bit();
        }
    }

    private static int requirePhi3Token(Map<String, Integer> ids, String modelName, String text) {
        Integer id = ids.get(text);
        if (id == null) {
            throw new IllegalArgumentException("general.name '" + modelName + "' selects llama.cpp's phi-3 token rules, "
                    + "which need the token '" + text + "', but the vocabulary has no such token");
        }
        return id;
    }

    private static boolean containsAny(String s, String... parts) {
        for (String part : parts) {
            if (s.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** C's {@code tolower} in the "C" locale: A-Z only. */
    private static String asciiLowerCase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] += 'a' - 'A';
            }
        }
        return new String(chars);
    }
}
