package dev.osprey.context.walk;

/** A directory that may not be indexed: outside every allowed root, or on a special filesystem. */
public final class PathNotAllowedException extends RuntimeException {
    public PathNotAllowedException(String message) {
        super(message);
    }
}
