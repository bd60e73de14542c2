package dev.osprey.context.window;

/** What must be sent (the output reservation, the latest message) cannot fit the model's context. */
public final class ContextOverflowException extends RuntimeException {
    public ContextOverflowException(String message) {
        super(message);
    }
}
