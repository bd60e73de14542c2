package dev.osprey.engine.tensor;

import dev.osprey.engine.EngineException;
import dev.osprey.gguf.GgmlType;

/** A tensor's ggml type has no kernel in the chosen backend; thrown when the model is loaded. */
public final class UnsupportedTensorTypeException extends EngineException {
    private final GgmlType type;

    public UnsupportedTensorTypeException(String tensorName, GgmlType type, String backend) {
        super("tensor '" + tensorName + "' has type " + type + ", which the " + backend
                + " backend does not support (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K)");
        this.type = type;
    }

    public GgmlType type() {
        return type;
    }
}
