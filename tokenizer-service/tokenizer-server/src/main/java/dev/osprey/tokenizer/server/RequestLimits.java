package dev.osprey.tokenizer.server;

/**
 * Per-request size limits; a request above one fails with RESOURCE_EXHAUSTED.
 *
 * @param maxInputBytes most UTF-8 bytes of text one request may carry (summed over its text fields)
 * @param maxIds        most token ids one Decode request may carry
 */
public record RequestLimits(long maxInputBytes, int maxIds) {
    public RequestLimits {
        if (maxInputBytes <= 0) {
            throw new IllegalArgumentException("maxInputBytes must be positive, was " + maxInputBytes);
        }
        if (maxIds <= 0) {
            throw new IllegalArgumentException("maxIds must be positive, was " + maxIds);
        }
    }
}
