package dev.osprey.tokenizer;

/**
 * Turns generated ids into text one token at a time. Bytes that end inside a UTF-8 character are
 * held back until the character completes, so every returned string is valid text and the
 * concatenation of all returned strings equals decoding all ids at once. Not thread-safe: one per
 * generation.
 */
public interface StreamingDecoder {

    /** Feeds one id; returns the text that became complete (possibly empty). */
    String accept(int id);

    /** Returns what is still held back (incomplete UTF-8 as U+FFFD) and resets the decoder. */
    String flush();
}
