package dev.osprey.engine.bench;

import dev.osprey.engine.parallel.WorkerPool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sustained memory read bandwidth, measured like a decode step reads weights: {@code threads} threads
 * each stream their own contiguous part of a large off-heap buffer (far larger than the caches) with
 * the widest vector loads, summing so the reads cannot be dropped. Reported as the median of several
 * passes, in GB/s (10^9 bytes).
 */
public final class MemoryBandwidth {
    private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
    private static final long DEFAULT_BYTES = 1L << 30;
    private static final int PASSES = 7;
    private static final int CHUNK = 1 << 20;

    private MemoryBandwidth() {
    }

    public static double measure(int threads) {
        return measure(threads, DEFAULT_BYTES);
    }

    public static double measure(int threads, long bytes) {
        long size = bytes / CHUNK * CHUNK;
        try (Arena arena = Arena.ofShared(); WorkerPool pool = WorkerPool.create(threads)) {
            MemorySegment buffer = arena.allocate(size, 64);
            buffer.fill((byte) 1);
            int chunks = (int) (size / CHUNK);
            long[] sums = new long[chunks];
            double[] rates = new double[PASSES];
            for (int pass = 0; pass < PASSES; pass++) {
                long start = System.nanoTime();
                pool.forRange(chunks, 1, (from, to) -> {
                    for (int c = from; c < to; c++) {
                        sums[c] = sum(buffer, (long) c * CHUNK, CHUNK);
                    }
                });
                rates[pass] = size / ((System.nanoTime() - start) / 1e9) / 1e9;
            }
            if (Arrays.stream(sums).sum() == 42) {
                System.out.print("");
            }
            Arrays.sort(rates);
            return rates[PASSES / 2];
        }
    }

    private static long sum(MemorySegment segment, long offset, int length) {
        int step = S.vectorByteSize();
        LongVector a = LongVector.zero(S);
        LongVector b = LongVector.zero(S);
        long end = offset + length;
        for (long o = offset; o < end; o += 2L * step) {
            a = a.add(LongVector.fromMemorySegment(S, segment, o, ByteOrder.LITTLE_ENDIAN));
            b = b.add(LongVector.fromMemorySegment(S, segment, o + step, ByteOrder.LITTLE_ENDIAN));
        }
        return a.add(b).reduceLanes(VectorOperators.ADD);
    }

    /** Prints the bandwidth with 1 and with all threads. */
    public static void main(String[] args) {
        int all = WorkerPool.defaultThreads();
        System.out.printf("1 thread: %.1f GB/s%n", measure(1));
        System.out.printf("%d threads: %.1f GB/s%n", all, measure(all));
    }
}
