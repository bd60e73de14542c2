package dev.osprey.tokenizer.fim;

import java.util.Arrays;

/**
 * A fill-in-the-middle prompt ready for the engine.
 *
 * @param ids  (n) token ids, BOS included when the vocabulary adds it
 * @param text the ids decoded with special tokens rendered, for logs and debugging; not to be
 *             re-encoded (that would parse special-token text the user typed)
 * @param spec the layout and the ids that end the middle
 */
public record InfillPrompt(int[] ids, String text, FimSpec spec) {

    public InfillPrompt {
        ids = ids.clone();
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfillPrompt p && Arrays.equals(ids, p.ids) && text.equals(p.text) && spec.equals(p.spec);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ids) + text.hashCode()) + spec.hashCode();
    }

    @Override
    public String toString() {
        return "InfillPrompt[" + spec.format() + ", " + ids.length + " tokens]";
    }
}
