package dev.osprey.engine.serve;

/**
 * Receives one request's output. Called on the engine thread, in order: any number of
 * {@link #onToken}, then exactly one {@link #onComplete}. Implementations must return quickly and never
 * block (they hand events to a network stream or a queue). An exception thrown from {@link #onToken} or
 * {@link #ready} ends the request with {@code ERROR}, its message naming the exception.
 */
public interface GenerationObserver {

    void onToken(StreamedToken token);

    void onComplete(GenerationOutcome outcome);

    /**
     * Whether the consumer can take another token now. Asked on the engine thread before every step while
     * the request is live, and at least every {@value InferenceEngine#PAUSED_POLL_MILLIS} ms while any
     * live request is paused. While it answers false the request is paused: it keeps its KV blocks and its
     * place, produces no tokens and costs no step time; the engine never waits for it. Call
     * {@link RequestHandle#resume} when the consumer becomes ready to run it again without that delay.
     * Default: always ready.
     */
    default boolean ready() {
        return true;
    }
}
