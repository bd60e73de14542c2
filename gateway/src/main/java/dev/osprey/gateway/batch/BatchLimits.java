package dev.osprey.gateway.batch;

/**
 * @param maxFileBytes largest upload accepted (larger: 413)
 * @param maxLines     most requests in one batch (more: the batch fails validation)
 */
public record BatchLimits(long maxFileBytes, long maxLines) {
    public BatchLimits {
        if (maxFileBytes < 1 || maxLines < 1) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxFileBytes + " bytes, "
                    + maxLines + " lines");
        }
    }
}
