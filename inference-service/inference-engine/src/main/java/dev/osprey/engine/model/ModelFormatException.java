package dev.osprey.engine.model;

import dev.osprey.engine.EngineException;

/** The model file cannot be used: unreadable, a key or tensor missing or of the wrong shape. */
public class ModelFormatException extends EngineException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
