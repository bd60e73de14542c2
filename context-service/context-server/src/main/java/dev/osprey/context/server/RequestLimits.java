package dev.osprey.context.server;

/**
 * Upload limits of IndexFiles.
 *
 * @param maxFileBytes    a larger file is skipped and reported
 * @param maxFiles        more files (and deletions) in one stream fail it with RESOURCE_EXHAUSTED
 * @param maxRequestBytes more content bytes in one stream fail it with RESOURCE_EXHAUSTED
 */
public record RequestLimits(long maxFileBytes, int maxFiles, long maxRequestBytes) {
    public RequestLimits {
        if (maxFileBytes <= 0 || maxFiles <= 0 || maxRequestBytes <= 0) {
            throw new IllegalArgumentException("request limits must be positive: " + maxFileBytes + ", " + maxFiles
                    + ", " + maxRequestBytes);
        }
    }

    public static RequestLimits defaults() {
        return new RequestLimits(1L << 20, 20_000, 512L << 20);
    }
}
