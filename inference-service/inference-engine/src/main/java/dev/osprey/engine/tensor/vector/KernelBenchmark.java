package dev.osprey.engine.tensor.vector;

import dev.osprey.engine.parallel.WorkerPool;
import dev.osprey.engine.tensor.KernelBackend;
import dev.osprey.engine.tensor.KernelBackends;
import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Decode and prefill throughput of the selected backend on random weights, against a plain memory
 * read bandwidth measurement. Decode: one token through many distinct 4864x896 and 896x4864 matrices
 * (more than {@code --mb} MB in all, so caches do not help), reported as GB/s of weight bytes as the
 * file stores them. Prefill: {@code --tokens} tokens through a few matrices, as GFLOP/s.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... dev.osprey.engine.tensor.vector.KernelBenchmark
 *     [--types Q8_0,Q4_0,F16,Q4_K] [--threads 1,2] [--mb 320] [--runs 7] [--tokens 128]</pre>
 */
public final class KernelBenchmark {
    private static final int[][] SHAPES = {{4864, 896}, {896, 4864}};
    /** Tier-3 Vector API code is two orders of magnitude slower than C2's; warm up for this long. */
    private static final long WARMUP_NANOS = 4_000_000_000L;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfShort LE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private KernelBenchmark() {
    }

    public static void main(String[] args) {
        List<GgmlType> types = List.of(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.F16, GgmlType.Q4_K);
        int[] threads = {1, 2};
        long mb = 320;
        int runs = 7;
        int tokens = 128;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--types" -> types = Arrays.stream(args[i + 1].split(",")).map(GgmlType::valueOf).toList();
                case "--threads" -> threads = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--mb" -> mb = Long.parseLong(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--tokens" -> tokens = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        KernelBackend backend = KernelBackends.select();
        System.out.printf("backend %s, %d-bit float vectors, %d MB of weights per type, median of %d runs%n",
                backend, FloatVector.SPECIES_PREFERRED.vectorBitSize(), mb, runs);
        for (int t : threads) {
            try (WorkerPool pool = WorkerPool.create(t)) {
                System.out.printf("memory read, %d thread(s): %.1f GB/s%n", t, readBandwidth(pool, mb * 3, runs));
            }
        }
        for (GgmlType type : types) {
            try (Arena arena = Arena.ofShared()) {
                List<Weights> weights = new ArrayList<>();
                long bytes = 0;
                for (int i = 0; bytes < mb << 20; i++) {
                    int[] shape = SHAPES[i % SHAPES.length];
                    int cols = roundUp(shape[1], type.blockSize());
                    QuantizedMatrix m = randomMatrix(arena, type, shape[0], cols, i);
                    weights.add(backend.bind(m));
                    bytes += m.data().byteSize();
                }
                for (int t : threads) {
                    try (WorkerPool pool = WorkerPool.create(t)) {
                        double gbs = decode(pool, weights, bytes, runs);
                        double gflops = prefill(pool, weights.subList(0, 4), tokens, runs);
                        System.out.printf("%-5s %d thread(s): decode %5.1f GB/s   prefill(%d tokens) %6.1f GFLOP/s%n",
                                type, t, gbs, tokens, gflops);
                    }
                }
            }
        }
    }

    /** GB/s of weight bytes for one token through every matrix, median over {@code runs} passes. */
    private static double decode(WorkerPool pool, List<Weights> weights, long bytes, int runs) {
        float[] x = activations(8192, 1);
        float[] out = new float[8192];
        return bytes / medianNanos(runs, () -> {
            for (Weights w : weights) {
                pool.forRange(w.rows(), Panels.P, (s, e) -> w.matmul(x, 0, 1, out, 0, s, e));
            }
        });
    }

    /** GFLOP/s (2 per multiply-add) for {@code tokens} tokens through each matrix. */
    private static double prefill(WorkerPool pool, List<Weights> weights, int tokens, int runs) {
        float[] x = activations(8192 * tokens, 2);
        float[] out = new float[8192 * tokens];
        double flops = 0;
        for (Weights w : weights) {
            flops += 2.0 * w.rows() * w.cols() * tokens;
        }
        return flops / medianNanos(runs, () -> {
            for (Weights w : weights) {
                pool.forRange(w.rows(), Panels.P, (s, e) -> w.matmul(x, 0, tokens, out, 0, s, e));
            }
        });
    }

    /** GB/s of summing {@code mb} MB of off-heap floats with the preferred float vector. */
    private static double readBandwidth(WorkerPool pool, long mb, int runs) {
        try (Arena arena = Arena.ofShared()) {
            long bytes = mb << 20;
            MemorySegment data = arena.allocate(bytes, 64);
            data.fill((byte) 1);
            int chunk = 1 << 16;
            int chunks = (int) (bytes / chunk);
            float[] sink = new float[chunks];
            return bytes / medianNanos(runs, () -> pool.forRange(chunks, 1, (s, e) -> {
                for (int c = s; c < e; c++) {
                    sink[c] = sum(data, (long) c * chunk, chunk);
                }
            }));
        }
    }

    private static float sum(MemorySegment data, long offset, int length) {
        FloatVector a0 = FloatVector.zero(FLOATS), a1 = a0, a2 = a0, a3 = a0;
        int step = FLOATS.vectorByteSize();
        for (long o = offset; o < offset + length; o += 4L * step) {
            a0 = a0.add(FloatVector.fromMemorySegment(FLOATS, data, o, ByteOrder.LITTLE_ENDIAN));
            a1 = a1.add(FloatVector.fromMemorySegment(FLOATS, data, o + step, ByteOrder.LITTLE_ENDIAN));
            a2 = a2.add(FloatVector.fromMemorySegment(FLOATS, data, o + 2L * step, ByteOrder.LITTLE_ENDIAN));
            a3 = a3.add(FloatVector.fromMemorySegment(FLOATS, data, o + 3L * step, ByteOrder.LITTLE_ENDIAN));
        }
        return a0.add(a1).add(a2).add(a3).reduceLanes(VectorOperators.ADD);
    }

    /** Runs {@code pass} for {@link #WARMUP_NANOS}, then {@code runs} more times; the median duration. */
    private static double medianNanos(int runs, Runnable pass) {
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < warmupEnd) {
            pass.run();
        }
        double[] nanos = new double[runs];
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            pass.run();
            nanos[run] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[runs / 2];
    }

    /** Random valid blocks: random quant bytes, block scales small positive f16 (no NaN or infinity). */
    private static QuantizedMatrix randomMatrix(Arena arena, GgmlType type, int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long bytes = rows * type.rowSize(cols);
        MemorySegment data = arena.allocate(bytes, 64);
        if (type == GgmlType.F16 || type == GgmlType.BF16 || type == GgmlType.F32) {
            for (long i = 0; i + 2 <= bytes; i += 2) {
                float v = (float) (random.nextDouble() - 0.5);
                short h = type == GgmlType.BF16 ? (short) (Float.floatToRawIntBits(v) >>> 16) : Float.floatToFloat16(v);
                data.set(LE_SHORT, i, h);
            }
        } else {
            for (long i = 0; i + 8 <= bytes; i += 8) {
                data.set(ValueLayout.JAVA_LONG_UNALIGNED, i, random.nextLong());
            }
            int[] scaleOffsets = switch (type) {
                case Q8_0, Q4_0, Q5_0, IQ4_NL, IQ4_XS -> new int[] {0};
                case Q4_K, Q5_K, Q4_1, Q5_1 -> new int[] {0, 2};
                case Q6_K -> new int[] {208};
                case Q3_K -> new int[] {108};
                case Q2_K -> new int[] {80, 82};
                default -> throw new IllegalArgumentException("no random blocks for " + type);
            };
            for (long b = 0; b < bytes; b += type.typeSize()) {
                for (int o : scaleOffsets) {
                    data.set(LE_SHORT, b + o, Float.floatToFloat16((float) (0.001 + 0.01 * random.nextDouble())));
                }
            }
        }
        return new QuantizedMatrix("bench-" + seed, type, rows, cols, data);
    }

    /** K-quants need rows of whole 256-element super-blocks: 896 becomes 1024 for them. */
    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    private static float[] activations(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextDouble() - 0.5);
        }
        return x;
    }
}
