package dev.osprey.engine.serve;

/**
 * Receives one request's output. Called on the engine thread, in order: any number of
 * {@link #onToken}, then exactly one {@link #onComplete}. Implementations must return quickly and not
 * block (they hand events to a network stream or a queue); an exception thrown here cancels the request.
 */
public interface GenerationObserver {

    void onToken(StreamedToken token);

    void onComplete(GenerationOutcome outcome);
}
