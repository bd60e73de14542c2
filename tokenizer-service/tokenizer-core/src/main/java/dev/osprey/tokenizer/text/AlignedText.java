package dev.osprey.tokenizer.text;

import java.text.Normalizer;

/**
 * Text being normalized, with the byte span of the original input every char came from, so that
 * tokens can report where they are in what the caller sent. Both chars of a surrogate pair share a
 * span; a char inserted by normalization (a prepended "▁") has an empty span.
 */
public final class AlignedText {
    private final String text;
    private final int[] origStart; // (text.length()) byte offset into the original UTF-8 input
    private final int[] origEnd;   // (text.length()) exclusive byte offset

    private AlignedText(String text, int[] origStart, int[] origEnd) {
        this.text = text;
        this.origStart = origStart;
        this.origEnd = origEnd;
    }

    /** {@code original[from, to)} unchanged; {@code charToByte} from {@link Utf8#charToByteOffsets}. */
    public static AlignedText slice(String original, int from, int to, int[] charToByte) {
        int n = to - from;
        int[] start = new int[n];
        int[] end = new int[n];
        for (int i = 0; i < n; i++) {
            int c = from + i;
            start[i] = charToByte[c];
            int next = c + 1;
            if (Character.isHighSurrogate(original.charAt(c)) && next < to && Character.isLowSurrogate(original.charAt(next))) {
                next++;
            }
            end[i] = charToByte[next];
        }
        return new AlignedText(original.substring(from, to), start, end);
    }

    public String text() {
        return text;
    }

    public int length() {
        return text.length();
    }

    public int origStart(int charIndex) {
        return origStart[charIndex];
    }

    public int origEnd(int charIndex) {
        return origEnd[charIndex];
    }

    /** Whether the code point starting at char i is original text (its span is exactly its own UTF-8 bytes). */
    public boolean isOriginal(int charIndex) {
        int cp = text.codePointAt(charIndex);
        return origEnd[charIndex] - origStart[charIndex] == Utf8.length(cp);
    }

    /** {@code prefix} + this; the prefix maps to an empty span where this text starts. */
    public AlignedText prepend(String prefix) {
        if (prefix.isEmpty() || text.isEmpty()) {
            return this;
        }
        int p = prefix.length();
        int[] start = new int[p + text.length()];
        int[] end = new int[p + text.length()];
        java.util.Arrays.fill(start, 0, p, origStart[0]);
        java.util.Arrays.fill(end, 0, p, origStart[0]);
        System.arraycopy(origStart, 0, start, p, text.length());
        System.arraycopy(origEnd, 0, end, p, text.length());
        return new AlignedText(prefix + text, start, end);
    }

    /** Replaces every occurrence of {@code target}; replacement chars map to the replaced span. */
    public AlignedText replace(String target, String replacement) {
        if (target.isEmpty() || !text.contains(target)) {
            return this;
        }
        StringBuilder out = new StringBuilder(text.length());
        IntBuffer start = new IntBuffer(text.length());
        IntBuffer end = new IntBuffer(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith(target, i)) {
                int s = origStart[i];
                int e = origEnd[i + target.length() - 1];
                out.append(replacement);
                for (int k = 0; k < replacement.length(); k++) {
                    start.add(s);
                    end.add(e);
                }
                i += target.length();
            } else {
                out.append(text.charAt(i));
                start.add(origStart[i]);
                end.add(origEnd[i]);
                i++;
            }
        }
        return new AlignedText(out.toString(), start.toArray(), end.toArray());
    }

    /**
     * Unicode normalization. Text is cut before every code point that starts a new grapheme base
     * (not a combining mark or conjoining jamo), each piece is normalized on its own and its output
     * chars map to the whole piece's span.
     */
    public AlignedText normalize(Normalizer.Form form) {
        if (Normalizer.isNormalized(text, form)) {
            return this;
        }
        StringBuilder out = new StringBuilder(text.length());
        IntBuffer start = new IntBuffer(text.length());
        IntBuffer end = new IntBuffer(text.length());
        int i = 0;
        while (i < text.length()) {
            int j = i + Character.charCount(text.codePointAt(i));
            while (j < text.length() && continuesCluster(text.codePointAt(j))) {
                j += Character.charCount(text.codePointAt(j));
            }
            String piece = text.substring(i, j);
            String normalized = Normalizer.normalize(piece, form);
            boolean unchanged = normalized.equals(piece);
            for (int k = 0; k < normalized.length(); k++) {
                start.add(unchanged ? origStart[i + k] : origStart[i]);
                end.add(unchanged ? origEnd[i + k] : origEnd[j - 1]);
            }
            out.append(normalized);
            i = j;
        }
        return new AlignedText(out.toString(), start.toArray(), end.toArray());
    }

    /** Lower-cases code point by code point (locale-independent). */
    public AlignedText lowercase() {
        StringBuilder out = new StringBuilder(text.length());
        IntBuffer start = new IntBuffer(text.length());
        IntBuffer end = new IntBuffer(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            String lower = new String(Character.toChars(Character.toLowerCase(cp)));
            for (int k = 0; k < lower.length(); k++) {
                start.add(origStart[i]);
                end.add(origEnd[i + n - 1]);
            }
            out.append(lower);
            i += n;
        }
        return new AlignedText(out.toString(), start.toArray(), end.toArray());
    }

    private static boolean continuesCluster(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || (cp >= 0x1160 && cp <= 0x11FF);
    }

    /** Growable int array. */
    private static final class IntBuffer {
        private int[] data;
        private int size;

        IntBuffer(int capacity) {
            data = new int[Math.max(4, capacity)];
        }

        void add(int v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
