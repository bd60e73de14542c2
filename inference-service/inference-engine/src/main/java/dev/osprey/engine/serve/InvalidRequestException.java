package dev.osprey.engine.serve;

import dev.osprey.engine.EngineException;

/** A request the engine cannot run as given (empty or too long prompt, unknown token id, duplicate id). */
public final class InvalidRequestException extends EngineException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
