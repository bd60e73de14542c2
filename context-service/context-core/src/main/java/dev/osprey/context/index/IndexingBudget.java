package dev.osprey.context.index;

import java.util.function.LongSupplier;

/**
 * What one indexing job has used of its {@link IndexingLimits}. Not thread-safe: one job, one thread.
 */
public final class IndexingBudget {
    private final IndexingLimits limits;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final long maxNanos;
    private long files;
    private long bytes;

    IndexingBudget(IndexingLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        long max;
        try {
            max = limits.maxDuration().toNanos();
        } catch (ArithmeticException e) {
            max = Long.MAX_VALUE;
        }
        this.maxNanos = max;
    }

    /** A budget that reads time from {@code nanoTime} (as {@link System#nanoTime}). */
    public static IndexingBudget withClock(IndexingLimits limits, LongSupplier nanoTime) {
        return new IndexingBudget(limits, nanoTime);
    }

    /**
     * Counts a file about to be read.
     *
     * @param size its size in bytes
     * @throws IndexingLimitException when the job would read more files or bytes than allowed, or has run too long
     */
    public void file(long size) {
        checkTime();
        if (++files > limits.maxFiles()) {
            throw new IndexingLimitException(IndexingLimitException.Limit.FILES, "more than " + limits.maxFiles()
                    + " files in one indexing job");
        }
        bytes += size;
        if (bytes > limits.maxBytes()) {
            throw new IndexingLimitException(IndexingLimitException.Limit.BYTES, "more than " + limits.maxBytes()
                    + " bytes of files in one indexing job");
        }
    }

    /** @throws IndexingLimitException when the job has run longer than allowed */
    public void checkTime() {
        long elapsed = nanoTime.getAsLong() - startNanos;
        if (elapsed > maxNanos) {
            throw new IndexingLimitException(IndexingLimitException.Limit.DURATION, "indexing took longer than "
                    + limits.maxDuration());
        }
    }
}
