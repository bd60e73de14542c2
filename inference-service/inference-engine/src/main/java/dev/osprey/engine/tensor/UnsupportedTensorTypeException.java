package dev.osprey.engine.tensor;

import dev.osprey.engine.EngineException;
import dev.osprey.gguf.GgmlType;

/** A tensor's ggml type has no kernel in the chosen backend; thrown when the model is loaded. */
public final class UnsupportedTensorTypeException extends EngineException {
    private final GgmlType type;

    public UnsupportedTensorTypeException(
            String tensorName, GgmlType type, String backend, java.util.Collection<GgmlType> supported) {
        super("tensor '" + tensorName + "' has type " + type + ", which the " + backend
                + " backend does not support (supported: " + supported + ")");
        this.type = type;
    }

    public GgmlType type() {
        return type;
    }
}
