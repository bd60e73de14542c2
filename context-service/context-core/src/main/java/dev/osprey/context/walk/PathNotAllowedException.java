package dev.osprey.context.walk;

/** A directory that may not be indexed: outside every allowed root, or on a special filesystem. */
public final class PathNotAllowedException extends RuntimeException {
    private final boolean noRoots;

    public PathNotAllowedException(String message) {
        this(message, false);
    }

    /** @param noRoots refused because no roots are configured at all (indexing by path is disabled) */
    public PathNotAllowedException(String message, boolean noRoots) {
        super(message);
        this.noRoots = noRoots;
    }

    /** Whether indexing by path is disabled altogether (no allowed roots configured). */
    public boolean noRoots() {
        return noRoots;
    }
}
