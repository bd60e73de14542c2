package dev.osprey.tokenizer;

/**
 * Text to token ids and back, for one vocabulary. Implementations are immutable and thread-safe.
 */
public interface Tokenizer {

    Vocabulary vocabulary();

    /** @return the ids of {@code text}; never null */
    default int[] encode(String text, EncodeOptions options) {
        return encodeWithSpans(text, options).ids();
    }

    /** How many ids {@link #encode} gives for {@code text}; implementations may count without building them. */
    default int count(String text, EncodeOptions options) {
        return encode(text, options).length;
    }

    /** Like {@link #encode} and also the UTF-8 byte span of every token in {@code text}. */
    Encoding encodeWithSpans(String text, EncodeOptions options);

    /**
     * The bytes token {@code id} stands for in decoded text: byte-level tokens unmapped, SentencePiece's
     * "▁" as a space, byte-fallback tokens as their byte. Control tokens give their text when
     * {@code renderSpecial}, otherwise nothing.
     *
     * @throws IllegalArgumentException if {@code id} is outside the vocabulary
     */
    byte[] piece(int id, boolean renderSpecial);

    /**
     * Decodes {@code ids} to raw bytes, dropping the leading space SentencePiece vocabularies put
     * before the first word when {@code ids} starts at the beginning of a text (after BOS).
     * The result may end inside a UTF-8 character.
     *
     * @throws IllegalArgumentException if an id is outside the vocabulary
     */
    byte[] decodeBytes(int[] ids, boolean renderSpecial);

    /** {@link #decodeBytes} as a string, with U+FFFD for byte sequences that are not valid UTF-8. */
    default String decode(int[] ids, boolean renderSpecial) {
        return new String(decodeBytes(ids, renderSpecial), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A decoder that emits text only at UTF-8 character boundaries, for token-by-token streaming. */
    StreamingDecoder streamingDecoder(boolean renderSpecial);
}
