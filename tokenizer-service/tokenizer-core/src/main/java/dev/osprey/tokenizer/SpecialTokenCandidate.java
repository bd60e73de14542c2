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

    /** Control, unknown and user-defined tokens of a vocabulary; user-defined ones are always matched. */
    public static List<SpecialTokenCandidate> of(Vocabulary vocabulary) {
        List<SpecialTokenCandidate> candidates = new ArrayList<>();
        for (int id : vocabulary.specialTokenIds()) {
            boolean userDefined = vocabulary.type(id) == TokenType.USER_DEFINED;
            candidates.add(new SpecialTokenCandidate(id, vocabulary.token(id), userDefined, false, false));
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
