package dev.osprey.tokenizer.pretokenize;

/** Splits text into the words BPE runs on separately. Implementations are immutable and thread-safe. */
public interface PreTokenizer {

    /**
     * Splits {@code text[from, to)} into words.
     *
     * @return flat (start, end) char offsets of each non-empty word, ascending and non-overlapping;
     *         text between words (if any) is dropped
     */
    int[] split(String text, int from, int to);

    /** No splitting: the whole text is one word (SentencePiece-style vocabularies). */
    PreTokenizer WHOLE = (text, from, to) -> from == to ? new int[0] : new int[] {from, to};

    /** Applies {@code steps} in order, each to every word the previous one produced. */
    static PreTokenizer sequence(java.util.List<PreTokenizer> steps) {
        if (steps.size() == 1) {
            return steps.getFirst();
        }
        return (text, from, to) -> {
            int[] words = from == to ? new int[0] : new int[] {from, to};
            for (PreTokenizer step : steps) {
                WordList next = new WordList(words.length);
                for (int w = 0; w < words.length; w += 2) {
                    int[] pieces = step.split(text, words[w], words[w + 1]);
                    for (int p = 0; p < pieces.length; p += 2) {
                        next.add(pieces[p], pieces[p + 1]);
                    }
                }
                words = next.toArray();
            }
            return words;
        };
    }
}
