package dev.osprey.tokenizer;

import java.util.Arrays;

/**
 * Token ids with the byte span each token came from in the UTF-8 input.
 * {@code starts[i] <= ends[i]}; a token the tokenizer added (BOS/EOS) has an empty span at its
 * position. Spans of consecutive text tokens are contiguous and cover the input.
 *
 * @param ids    (n) token ids
 * @param starts (n) inclusive byte offsets into the UTF-8 input
 * @param ends   (n) exclusive byte offsets into the UTF-8 input
 */
public record Encoding(int[] ids, int[] starts, int[] ends) {
    public Encoding {
        if (ids.length != starts.length || ids.length != ends.length) {
            throw new IllegalArgumentException(
                    "ids, starts and ends differ in length: " + ids.length + ", " + starts.length + ", " + ends.length);
        }
    }

    public int size() {
        return ids.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e
                && Arrays.equals(ids, e.ids) && Arrays.equals(starts, e.starts) && Arrays.equals(ends, e.ends);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(ids) + Arrays.hashCode(starts)) + Arrays.hashCode(ends);
    }

    @Override
    public String toString() {
        return "Encoding" + Arrays.toString(ids);
    }
}
