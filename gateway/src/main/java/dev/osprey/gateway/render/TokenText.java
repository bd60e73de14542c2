package dev.osprey.gateway.render;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How a token is spelled in log-probability responses. A token that is whole UTF-8 is its text; one
 * that cuts a character (byte-level vocabularies split emoji and CJK characters) has no text of its
 * own, and is spelled as OpenAI spells it: its complete characters as text and every other byte as
 * {@code \xNN} (Python's {@code backslashreplace}), its exact bytes left to the {@code bytes} field.
 */
final class TokenText {
    private TokenText() {}

    static boolean isWholeUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static String of(byte[] bytes) {
        if (isWholeUtf8(bytes)) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < bytes.length) {
            int length = sequenceLength(bytes, i);
            if (length > 0) {
                out.append(new String(bytes, i, length, StandardCharsets.UTF_8));
                i += length;
            } else {
                out.append(String.format("\\x%02x", bytes[i] & 0xff));
                i++;
            }
        }
        return out.toString();
    }

    /** The length of the valid UTF-8 character starting at {@code i}, or 0 when there is none. */
    private static int sequenceLength(byte[] bytes, int i) {
        int b = bytes[i] & 0xff;
        int length = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0;
        if (length == 0 || i + length > bytes.length) {
            return 0;
        }
        return isWholeUtf8(java.util.Arrays.copyOfRange(bytes, i, i + length)) ? length : 0;
    }
}
