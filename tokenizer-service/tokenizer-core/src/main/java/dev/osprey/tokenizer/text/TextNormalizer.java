package dev.osprey.tokenizer.text;

import java.util.List;

/** A normalization step applied to each piece of text between special tokens, before pre-tokenization. */
@FunctionalInterface
public interface TextNormalizer {

    AlignedText apply(AlignedText text);

    TextNormalizer IDENTITY = text -> text;

    /** Applies {@code steps} in order. */
    static TextNormalizer sequence(List<TextNormalizer> steps) {
        return text -> {
            AlignedText result = text;
            for (TextNormalizer step : steps) {
                result = step.apply(result);
            }
            return result;
        };
    }

    /**
     * SentencePiece's whitespace handling as llama.cpp does it for 'llama' vocabularies: a space before
     * the text (when the vocabulary adds a dummy prefix), then every space as "▁" (U+2581).
     */
    static TextNormalizer sentencePiece(boolean addSpacePrefix) {
        return text -> {
            AlignedText escaped = text.replace(" ", "\u2581");
            return addSpacePrefix ? escaped.prepend("\u2581") : escaped;
        };
    }
}
