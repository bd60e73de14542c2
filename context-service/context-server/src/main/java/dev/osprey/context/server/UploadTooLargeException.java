package dev.osprey.context.server;

/** An IndexFiles stream went beyond the configured file count or size (RESOURCE_EXHAUSTED). */
public final class UploadTooLargeException extends RuntimeException {
    public UploadTooLargeException(String message) {
        super(message);
    }
}
