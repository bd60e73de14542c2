package dev.osprey.engine.sampling;

import dev.osprey.engine.EngineException;

/**
 * A sampling parameter is outside its allowed range; thrown when {@link SamplingParameters} are
 * built. The message names the field by its OpenAI / vLLM wire name, the allowed range and the
 * value given, so an API edge can pass it to the client as it is.
 */
public final class InvalidSamplingParametersException extends EngineException {
    private final String field;

    public InvalidSamplingParametersException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending parameter's wire name, e.g. {@code top_p}; for an API error's {@code param}. */
    public String field() {
        return field;
    }
}
