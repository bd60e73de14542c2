package dev.osprey.engine.serve;

/** A submitted request; cancelling frees its KV blocks at the engine's next step. */
public interface RequestHandle {

    String id();

    /** Asks the engine to stop the request; it completes with {@code CANCELLED} unless it already ended. */
    void cancel();

    /**
     * Tells the engine the request's observer may be {@linkplain GenerationObserver#ready ready} again, so
     * that a paused request runs at the next step rather than at the next periodic check. Never blocks.
     */
    void resume();
}
