package dev.osprey.context.index;

import java.time.Duration;

/**
 * The most one indexing job may do; a job that goes beyond one stops with an
 * {@link IndexingLimitException} before it changes the index.
 *
 * @param maxFiles    files read (indexed or skipped for their content)
 * @param maxBytes    bytes of file content read
 * @param maxDuration wall-clock time from the job's start until it writes the index
 */
public record IndexingLimits(long maxFiles, long maxBytes, Duration maxDuration) {
    public static final IndexingLimits UNLIMITED = new IndexingLimits(Long.MAX_VALUE, Long.MAX_VALUE,
            Duration.ofSeconds(Long.MAX_VALUE));

    public IndexingLimits {
        if (maxFiles < 1) {
            throw new IllegalArgumentException("maxFiles: must be positive, was " + maxFiles);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes: must be positive, was " + maxBytes);
        }
        if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration: must be positive, was " + maxDuration);
        }
    }

    /** A budget for one job, starting now. */
    public IndexingBudget start() {
        return new IndexingBudget(this, System::nanoTime);
    }
}
