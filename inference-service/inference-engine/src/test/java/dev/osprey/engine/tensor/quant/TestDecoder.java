package dev.osprey.engine.tensor.quant;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Decodes ggml blocks back to floats, written from the block layouts (ggml's {@code dequantize_row_*})
 * for tests only; the engine's own dequantizers live in {@code tensor.scalar}.
 */
public final class TestDecoder {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TestDecoder() {
    }

    /** Decodes {@code n} elements of {@code type} at byte {@code offset} into {@code out[0 .. n)}. */
    public static void decode(GgmlType type, MemorySegment data, long offset, int n, float[] out) {
        int bs = type.blockSize();
        for (int b = 0; b < n / bs; b++) {
            long p = offset + (long) b * type.typeSize();
            int o = b * bs;
            switch (type) {
                case F32 -> out[o] = data.get(FLOAT, p);
                case F16 -> out[o] = half(data, p);
                case BF16 -> out[o] = Float.intBitsToFloat((data.get(SHORT, p) & 0xFFFF) << 16);
                case Q8_0 -> {
                    float d = half(data, p);
                    for (int j = 0; j < 32; j++) {
                        out[o + j] = d * data.get(ValueLayout.JAVA_BYTE, p + 2 + j);
                    }
                }
                case Q4_0 -> {
                    float d = half(data, p);
                    for (int j = 0; j < 16; j++) {
                        int q = u8(data, p + 2 + j);
                        out[o + j] = d * ((q & 0xF) - 8);
                        out[o + j + 16] = d * ((q >> 4) - 8);
                    }
                }
                case Q4_K, Q5_K -> affineK(type == GgmlType.Q5_K, data, p, out, o);
                case Q6_K -> q6k(data, p, out, o);
                case Q8_K -> {
                    float d = data.get(FLOAT, p);
                    for (int j = 0; j < 256; j++) {
                        out[o + j] = d * data.get(ValueLayout.JAVA_BYTE, p + 4 + j);
                    }
                }
                default -> throw new IllegalArgumentException("no test decoder for " + type);
            }
        }
    }

    private static void affineK(boolean five, MemorySegment data, long p, float[] out, int o) {
        float d = half(data, p);
        float dmin = half(data, p + 2);
        byte[] scales = data.asSlice(p + 4, 12).toArray(ValueLayout.JAVA_BYTE);
        long qh = p + 16;
        long qs = five ? p + 48 : p + 16;
        for (int c = 0; c < 4; c++) {
            for (int half = 0; half < 2; half++) {
                int j = 2 * c + half;
                float scale = d * KScales.scale(scales, j);
                float min = dmin * KScales.min(scales, j);
                for (int l = 0; l < 32; l++) {
                    int q = u8(data, qs + 32L * c + l);
                    q = half == 0 ? q & 0xF : q >> 4;
                    if (five && (u8(data, qh + l) & (1 << (2 * c + half))) != 0) {
                        q += 16;
                    }
                    out[o + 64 * c + 32 * half + l] = scale * q - min;
                }
            }
        }
    }

    private static void q6k(MemorySegment data, long p, float[] out, int o) {
        float d = half(data, p + 208);
        for (int h = 0; h < 2; h++) {
            for (int l = 0; l < 32; l++) {
                int ql0 = u8(data, p + 64L * h + l);
                int ql1 = u8(data, p + 64L * h + 32 + l);
                int qh = u8(data, p + 128 + 32L * h + l);
                int[] q = {(ql0 & 0xF) | ((qh & 3) << 4), (ql1 & 0xF) | (((qh >> 2) & 3) << 4),
                        (ql0 >> 4) | (((qh >> 4) & 3) << 4), (ql1 >> 4) | (((qh >> 6) & 3) << 4)};
                for (int k = 0; k < 4; k++) {
                    int i = 128 * h + 32 * k + l;
                    out[o + i] = d * data.get(ValueLayout.JAVA_BYTE, p + 192 + i / 16) * (q[k] - 32);
                }
            }
        }
    }

    private static float half(MemorySegment data, long p) {
        return Float.float16ToFloat(data.get(SHORT, p));
    }

    private static int u8(MemorySegment data, long p) {
        return data.get(ValueLayout.JAVA_BYTE, p) & 0xFF;
    }
}
