package dev.osprey.engine.tensor;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Seeded random matrices of valid blocks for kernel tests: random quant bytes with small positive
 * f16 block scales (signed for Q6_K's int8 sub-scales), so every element is finite.
 */
public final class RandomMatrices {
    private static final ValueLayout.OfShort LE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat LE_FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RandomMatrices() {
    }

    public static QuantizedMatrix of(GgmlType type, int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long bytes = rows * type.rowSize(cols);
        MemorySegment data = Arena.ofAuto().allocate(bytes, 64);
        switch (type) {
            case F32 -> {
                for (long i = 0; i < bytes; i += 4) {
                    data.set(LE_FLOAT, i, (float) gaussian(random));
                }
            }
            case F16 -> {
                for (long i = 0; i < bytes; i += 2) {
                    data.set(LE_SHORT, i, Float.floatToFloat16((float) gaussian(random)));
                }
            }
            case BF16 -> {
                for (long i = 0; i < bytes; i += 2) {
                    data.set(LE_SHORT, i, (short) (Float.floatToRawIntBits((float) gaussian(random)) >>> 16));
                }
            }
            default -> {
                randomBytes(data, random);
                int blockBytes = type.typeSize();
                for (long b = 0; b < bytes; b += blockBytes) {
                    switch (type) {
                        // the f16 scales at their offsets in ggml's block structs; the rest stays random
                        case Q8_0, Q4_0, Q5_0, IQ4_NL, IQ4_XS -> data.set(LE_SHORT, b, scale(random));
                        case Q4_K, Q5_K, Q4_1, Q5_1 -> {
                            data.set(LE_SHORT, b, scale(random));
                            data.set(LE_SHORT, b + 2, scale(random));
                        }
                        case Q6_K -> data.set(LE_SHORT, b + 208, scale(random));
                        case Q2_K -> {
                            data.set(LE_SHORT, b + 80, scale(random));
                            data.set(LE_SHORT, b + 82, scale(random));
                        }
                        case Q3_K -> data.set(LE_SHORT, b + 108, scale(random));
                        default -> throw new IllegalArgumentException("no random blocks for " + type);
                    }
                }
            }
        }
        return new QuantizedMatrix("random-" + type + "-" + rows + "x" + cols, type, rows, cols, data.asReadOnly());
    }

    /** {@code n} floats drawn N(0, 1). */
    public static float[] activations(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) gaussian(random);
        }
        return x;
    }

    private static void randomBytes(MemorySegment data, SplittableRandom random) {
        for (long i = 0; i < data.byteSize(); i++) {
            data.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
        }
    }

    /** An f16 in [0.001, 0.01). */
    private static short scale(SplittableRandom random) {
        return Float.floatToFloat16((float) (0.001 + 0.009 * random.nextDouble()));
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
