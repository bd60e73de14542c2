package dev.osprey.tokenizer;

import dev.osprey.tokenizer.text.ByteLevelAlphabet;
import java.nio.charset.StandardCharsets;

/**
 * The bytes each token decodes to, computed once per vocabulary (llama.cpp {@code token_to_piece}).
 * Byte-level vocabularies unmap GPT-2's alphabet; SentencePiece ones turn "▁" into a space and
 * {@code <0xNN>} into its byte. Each token is handled by the type its attributes behave as
 * ({@link TokenAttribute#behavesAs}). Control tokens render as their text only when asked; unknown
 * tokens of SentencePiece vocabularies render as "▅" as in llama.cpp; unused tokens render empty.
 */
final class PieceTable {
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] SPM_UNKNOWN = "\u2585".getBytes(StandardCharsets.UTF_8);

    private final byte[][] plain;    // (vocab) pieces with control tokens empty
    private final byte[][] special;  // (vocab) pieces with control tokens as their text

    PieceTable(Vocabulary vocabulary, boolean byteLevel) {
        int n = vocabulary.size();
        plain = new byte[n][];
        special = new byte[n][];
        for (int id = 0; id < n; id++) {
            String token = vocabulary.token(id);
            byte[] text = token.getBytes(StandardCharsets.UTF_8);
            TokenType kind = TokenAttribute.behavesAs(vocabulary.attributes(id));
            byte[] piece = switch (kind) {
                case NORMAL, UNDEFINED -> byteLevel ? byteLevelPiece(token, text) : spaces(token);
                case USER_DEFINED -> byteLevel ? text : spaces(token);
                case BYTE -> byteLevel ? byteLevelPiece(token, text) : bytePiece(token, text);
                case UNKNOWN -> byteLevel ? EMPTY : SPM_UNKNOWN;
                case CONTROL, UNUSED -> EMPTY;
            };
            plain[id] = piece;
            special[id] = kind == TokenType.CONTROL ? text : piece;
        }
    }

    private static byte[] byteLevelPiece(String token, byte[] text) {
        byte[] decoded = ByteLevelAlphabet.decode(token);
        return decoded != null ? decoded : text;
    }

    private static byte[] spaces(String token) {
        return token.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }

    /** {@code <0xNN>} → the byte NN. */
    private static byte[] bytePiece(String token, byte[] text) {
        if (token.length() == 6 && token.startsWith("<0x") && token.endsWith(">")) {
            try {
                return new byte[] {(byte) Integer.parseInt(token.substring(3, 5), 16)};
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }

    byte[] piece(int id, boolean renderSpecial) {
        return renderSpecial ? special[id] : plain[id];
    }

    /** Whether {@code id} decodes to text (not a control token rendered empty). */
    boolean isText(int id) {
        return plain[id].length > 0;
    }
}
