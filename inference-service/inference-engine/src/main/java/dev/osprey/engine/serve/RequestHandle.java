package dev.osprey.engine.serve;

/** A submitted request; cancelling frees its KV blocks at the engine's next step. */
public interface RequestHandle {

    String id();

    /** Asks the engine to stop the request; it completes with {@code CANCELLED} unless it already ended. */
    void cancel();
}
