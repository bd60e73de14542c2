package dev.osprey.engine;

/** Base of every failure the engine reports to its callers; the message names what was wrong. */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
