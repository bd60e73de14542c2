package dev.osprey.engine.tensor.nativecpu;

/** Why the native kernels cannot run in this JVM; the message names the file or feature at fault. */
public final class NativeUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    NativeUnavailableException(String message) {
        super(message);
    }

    NativeUnavailableException(String message, Throwable cause) {
        super(message + ": " + cause, cause);
    }
}
