package dev.osprey.tokenizer.classes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@link TokenClass} of every byte of a source text's UTF-8 encoding. Immutable.
 * Every byte has a class: there are no gaps. All bytes of one UTF-8 character have the same class.
 */
public final class ByteClassMap {
    private static final List<List<TokenClass>> SINGLE_CLASS = Arrays.stream(TokenClass.values())
            .map(List::of)
            .toList();

    private final byte[] ordinals; // (utf8Length) TokenClass ordinals

    /** Takes ownership of {@code ordinals}; every entry must be a {@link TokenClass} ordinal. */
    ByteClassMap(byte[] ordinals) {
        this.ordinals = ordinals;
    }

    /** Length of the source in UTF-8 bytes. */
    public int length() {
        return ordinals.length;
    }

    /** @throws IndexOutOfBoundsException unless {@code 0 <= byteOffset < length()} */
    public TokenClass classAt(int byteOffset) {
        Objects.checkIndex(byteOffset, ordinals.length);
        return TokenClass.ofOrdinal(ordinals[byteOffset]);
    }

    /**
     * The distinct classes of the bytes in {@code [start, end)}, in order of first appearance: {@code " foo"} gives
     * {@code [WHITESPACE, IDENTIFIER]}, {@code "x=y"} gives {@code [IDENTIFIER, OPERATOR]}; an empty span gives an
     * empty list. The list is immutable.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= start <= end <= length()}
     */
    public List<TokenClass> classesIn(int start, int end) {
        Objects.checkFromToIndex(start, end, ordinals.length);
        if (start == end) {
            return List.of();
        }
        int first = ordinals[start];
        int seen = 1 << first; // bit per ordinal
        List<TokenClass> classes = null;
        for (int i = start + 1; i < end; i++) {
            int ordinal = ordinals[i];
            if ((seen & (1 << ordinal)) == 0) {
                if (classes == null) {
                    classes = new ArrayList<>(3);
                    classes.add(TokenClass.ofOrdinal(first));
                }
                classes.add(TokenClass.ofOrdinal(ordinal));
                seen |= 1 << ordinal;
            }
        }
        return classes == null ? SINGLE_CLASS.get(first) : List.copyOf(classes);
    }

    /** A copy of the map as {@link TokenClass} ordinals, one per UTF-8 byte. */
    public byte[] toOrdinalArray() {
        return ordinals.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteClassMap other && Arrays.equals(ordinals, other.ordinals);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ordinals);
    }

    @Override
    public String toString() {
        return "ByteClassMap[" + ordinals.length + " bytes]";
    }
}
