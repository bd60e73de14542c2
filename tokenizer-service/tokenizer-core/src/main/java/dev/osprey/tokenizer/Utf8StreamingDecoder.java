package dev.osprey.tokenizer;

import dev.osprey.tokenizer.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** {@link StreamingDecoder} over a {@link Tokenizer}'s pieces: holds back bytes of an incomplete UTF-8 character. */
final class Utf8StreamingDecoder implements StreamingDecoder {
    private final Tokenizer tokenizer;
    private final boolean renderSpecial;
    private byte[] pending = new byte[16];
    private int pendingLength;

    Utf8StreamingDecoder(Tokenizer tokenizer, boolean renderSpecial) {
        this.tokenizer = tokenizer;
        this.renderSpecial = renderSpecial;
    }

    @Override
    public String accept(int id) {
        byte[] piece = tokenizer.piece(id, renderSpecial);
        if (pendingLength + piece.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + piece.length));
        }
        System.arraycopy(piece, 0, pending, pendingLength, piece.length);
        pendingLength += piece.length;
        int complete = Utf8.completePrefix(pending, pendingLength);
        if (complete == 0) {
            return "";
        }
        String text = new String(pending, 0, complete, StandardCharsets.UTF_8);
        System.arraycopy(pending, complete, pending, 0, pendingLength - complete);
        pendingLength -= complete;
        return text;
    }

    @Override
    public String flush() {
        String text = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
        pendingLength = 0;
        return text;
    }
}
