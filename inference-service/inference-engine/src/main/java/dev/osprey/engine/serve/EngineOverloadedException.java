package dev.osprey.engine.serve;

import dev.osprey.engine.EngineException;
import java.time.Duration;

/** The waiting queue is at its bound: the request was not accepted; try again after {@link #retryAfter}. */
public final class EngineOverloadedException extends EngineException {
    private final Duration retryAfter;

    public EngineOverloadedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
