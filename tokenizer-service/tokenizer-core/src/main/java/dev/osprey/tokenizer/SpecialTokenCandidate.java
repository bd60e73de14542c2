package dev.osprey.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * A token matched as a whole string before BPE.
 *
 * @param alwaysMatched matched even when special parsing is off (llama.cpp: user-defined tokens)
 * @param lstrip        whitespace before the token is dropped from the text on its left
 * @param rstrip        whitespace after the token is dropped from the text on its right
 */
public record SpecialTokenCandidate(int id, String text, boolean alwaysMatched, boolean lstrip, boolean rstrip) {

    /**
     * Tokens with a control, unknown or user-defined attribute, stripping as their {@link TokenAttribute#LSTRIP}
     * and {@link TokenAttribute#RSTRIP} say. As in llama.cpp, a token is matched without special parsing
     * only when it has neither the control nor the unknown attribute.
     */
    public static List<SpecialTokenCandidate> of(Vocabulary vocabulary) {
        List<SpecialTokenCandidate> candidates = new ArrayList<>();
        for (int id : vocabulary.specialTokenIds()) {
            int attributes = vocabulary.attributes(id);
            boolean alwaysMatched = !TokenAttribute.CONTROL.in(attributes) && !TokenAttribute.UNKNOWN.in(attributes);
            candidates.add(new SpecialTokenCandidate(id, vocabulary.token(id), alwaysMatched,
                    TokenAttribute.LSTRIP.in(attributes), TokenAttribute.RSTRIP.in(attributes)));
        }
        return candidates;
    }

    /**
     * Whether an added token that is not marked special should still be a control token, by the
     * rule of llama.cpp's converter ({@code does_token_look_special}).
     */
    public static boolean looksSpecial(String token) {
        return token.equals("<pad>") || token.equals("<mask>") || token.equals("<2mass>") || token.equals("[@BOS@]")
                || (token.startsWith("<|") && token.endsWith("|>"))
                || (token.startsWith("<\uFF5C") && token.endsWith("\uFF5C>"))
                || (token.startsWith("<unused") && token.endsWith(">"));
    }
}
