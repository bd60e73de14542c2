package dev.osprey.engine.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sustained read bandwidth of this machine: {@code threads} threads each sum their contiguous share
 * of one off-heap buffer with the Vector API (four independent accumulators of the widest long
 * vector), all starting together; a pass takes as long as its slowest thread. Pages are touched
 * before the first pass. This is the ceiling a memory-bound decode step (every weight read once per
 * token) can reach.
 *
 * <p>{@code main [GiB] [passes]} prints the figure for 1 and 2 threads (defaults: 1 GiB, 7 passes);
 * run with {@code --add-modules jdk.incubator.vector}.
 */
public final class MemoryBandwidth {
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
    private static final long STRIDE = 4L * SPECIES.vectorByteSize();

    /**
     * @param threads    reader threads
     * @param bytes      buffer size
     * @param passSeconds wall time of each pass, in order
     * @param checksum   the sum of all longs read in the last pass (keeps the reads observable)
     */
    public record Result(int threads, long bytes, double[] passSeconds, long checksum) {

        /** GB/s (10^9 bytes) of the fastest pass. */
        public double bestGBps() {
            return bytes / Arrays.stream(passSeconds).min().orElseThrow() / 1e9;
        }

        /** GB/s of the median pass. */
        public double medianGBps() {
            double[] sorted = passSeconds.clone();
            Arrays.sort(sorted);
            return bytes / sorted[sorted.length / 2] / 1e9;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d thread%s over %.2f GiB: best %.2f GB/s, median %.2f GB/s (%d passes)",
                    threads, threads == 1 ? "" : "s", bytes / (double) (1L << 30), bestGBps(), medianGBps(),
                    passSeconds.length);
        }
    }

    private MemoryBandwidth() {
    }

    /** Allocates and touches a {@code bytes} buffer, then times {@code passes} reads of it by {@code threads} threads. */
    public static Result measure(long bytes, int threads, int passes) {
        if (bytes < STRIDE * threads || threads < 1 || passes < 1) {
            throw new IllegalArgumentException("need at least " + STRIDE + " bytes per thread, 1 thread and 1 pass");
        }
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(bytes, 4096);
            for (long i = 0; i < bytes; i += 8) {
                buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, i, i);
            }
            return measure(buffer, threads, passes);
        }
    }

    /** Times {@code passes} reads of {@code buffer}, already touched, by {@code threads} threads. */
    public static Result measure(MemorySegment buffer, int threads, int passes) {
        long bytes = buffer.byteSize() / STRIDE * STRIDE;
        long share = bytes / threads / STRIDE * STRIDE;
        long[] sums = new long[threads];
        long[] starts = new long[threads];
        long[] ends = new long[threads];
        double[] seconds = new double[passes];
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        CyclicBarrier done = new CyclicBarrier(threads + 1);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            long from = id * share;
            long to = id == threads - 1 ? bytes : from + share;
            workers[t] = new Thread(() -> {
                for (int p = 0; p < passes; p++) {
                    await(start);
                    starts[id] = System.nanoTime();
                    sums[id] = sum(buffer, from, to);
                    ends[id] = System.nanoTime();
                    await(done);
                }
            }, "bandwidth-" + t);
            workers[t].setDaemon(true);
            workers[t].start();
        }
        for (int p = 0; p < passes; p++) {
            await(start);
            await(done);
            // from the first worker's start, not this thread's: on a busy machine a worker may finish
            // its share before this thread runs again after the barrier
            seconds[p] = (Arrays.stream(ends).max().orElseThrow() - Arrays.stream(starts).min().orElseThrow()) / 1e9;
        }
        long checksum = 0;
        for (long s : sums) {
            checksum += s;
        }
        return new Result(threads, bytes, seconds, checksum);
    }

    /** Sum of the longs in {@code [from, to)}, a multiple of {@link #STRIDE} bytes. */
    static long sum(MemorySegment m, long from, long to) {
        LongVector a = LongVector.zero(SPECIES);
        LongVector b = LongVector.zero(SPECIES);
        LongVector c = LongVector.zero(SPECIES);
        LongVector d = LongVector.zero(SPECIES);
        long v = SPECIES.vectorByteSize();
        ByteOrder order = ByteOrder.nativeOrder();
        for (long i = from; i < to; i += STRIDE) {
            a = a.add(LongVector.fromMemorySegment(SPECIES, m, i, order));
            b = b.add(LongVector.fromMemorySegment(SPECIES, m, i + v, order));
            c = c.add(LongVector.fromMemorySegment(SPECIES, m, i + 2 * v, order));
            d = d.add(LongVector.fromMemorySegment(SPECIES, m, i + 3 * v, order));
        }
        return a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring bandwidth", e);
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("a bandwidth thread failed", e);
        }
    }

    public static void main(String[] args) {
        double gib = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        long bytes = (long) (gib * (1L << 30));
        System.out.println("vector species " + SPECIES + ", " + Runtime.getRuntime().availableProcessors() + " processors");
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(bytes, 4096);
            for (long i = 0; i < bytes; i += 8) {
                buffer.set(ValueLayout.JAVA_LONG_UNALIGNED, i, i);
            }
            for (int threads = 1; threads <= 2; threads++) {
                measure(buffer, threads, 2);
                System.out.println(measure(buffer, threads, passes));
            }
        }
    }
}
