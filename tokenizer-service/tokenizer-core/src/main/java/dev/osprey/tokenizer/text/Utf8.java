package dev.osprey.tokenizer.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 helpers for offsets and strict validation. */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * Byte offset of every char index: {@code result[i]} is where the code point containing char i
     * starts in the UTF-8 encoding (both halves of a surrogate pair share it); {@code result[length]}
     * is the total byte length. Callers reject unpaired surrogates first ({@link #requireWellFormed}).
     *
     * @return (text.length() + 1) byte offsets
     */
    public static int[] charToByteOffsets(String text) {
        int n = text.length();
        int[] offsets = new int[n + 1];
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            offsets[i] = bytes;
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                offsets[i + 1] = bytes;
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        offsets[n] = bytes;
        return offsets;
    }

    /** UTF-8 length of a well-formed string, in bytes. */
    public static int length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            bytes += length(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    /** UTF-8 length of a code point. */
    public static int length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    /** Length of the UTF-8 sequence a lead byte starts (1 for continuation or invalid bytes, as llama.cpp). */
    public static int sequenceLength(byte lead) {
        int b = lead & 0xFF;
        return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    }

    /**
     * Decodes strict UTF-8.
     *
     * @throws IllegalArgumentException naming the byte offset of the first malformed sequence
     */
    public static String decodeStrict(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("input is not valid UTF-8 (malformed sequence at byte "
                    + firstMalformedOffset(bytes) + ")", e);
        }
    }

    /** @throws IllegalArgumentException if {@code text} holds an unpaired surrogate, naming its char index */
    public static void requireWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new IllegalArgumentException("text has an unpaired surrogate at char " + i);
            }
            if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException("text has an unpaired surrogate at char " + i);
            }
        }
    }

    private static int firstMalformedOffset(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            int len = b < 0x80 ? 1 : (b >= 0xC2 && b < 0xE0) ? 2 : (b >= 0xE0 && b < 0xF0) ? 3 : (b >= 0xF0 && b < 0xF5) ? 4 : -1;
            if (len < 0 || i + len > bytes.length) {
                return i;
            }
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, i, len));
            } catch (CharacterCodingException e) {
                return i;
            }
            i += len;
        }
        return i;
    }

    /**
     * Length of the longest prefix of {@code bytes[0, length)} that does not end inside a UTF-8
     * character: trailing bytes of an incomplete (but so far valid-looking) sequence are excluded.
     */
    public static int completePrefix(byte[] bytes, int length) {
        int i = length - 1;
        int continuation = 0;
        while (i >= 0 && continuation < 3 && (bytes[i] & 0xC0) == 0x80) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return length;
        }
        int b = bytes[i] & 0xFF;
        int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return continuation + 1 < need ? i : length;
    }
}
