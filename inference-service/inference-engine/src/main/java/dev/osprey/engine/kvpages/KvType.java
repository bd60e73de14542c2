package dev.osprey.engine.kvpages;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * How one K or V head row of {@code n} floats is stored, with llama.cpp's byte sizes: F32 (4 bytes an
 * element, exact), F16 (2 bytes, IEEE half, round to nearest even; llama.cpp's default) and Q8_0 (blocks
 * of 32 elements {@code {f16 d; int8 q[32]}}, 34 bytes, {@code x = q * d}, {@code d = max|x| / 127}).
 * {@link #code()} is the number the native kernels know the type by.
 */
public enum KvType {
    F32(0, "f32"),
    F16(1, "f16"),
    Q8_0(2, "q8_0");

    /** Elements per Q8_0 block. */
    public static final int Q8_BLOCK = 32;
    /** Bytes per Q8_0 block: an f16 scale and 32 int8 quants. */
    public static final int Q8_BLOCK_BYTES = 34;

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final int code;
    private final String label;

    KvType(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    /** The name used by {@code --kv-type}: f32, f16 or q8_0. */
    public String label() {
        return label;
    }

    /** Parses {@code f32}, {@code f16} or {@code q8_0} (any case; {@code q8} too). */
    public static KvType parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (KvType t : values()) {
            if (t.label.equals(n)) {
                return t;
            }
        }
        if (n.equals("q8")) {
            return Q8_0;
        }
        throw new IllegalArgumentException("unknown KV cache type '" + name + "' (expected f16, q8_0 or f32)");
    }

    /** Whether a head of {@code n} elements can be stored in this type (Q8_0 needs a multiple of 32). */
    public boolean fits(int n) {
        return n > 0 && (this != Q8_0 || n % Q8_BLOCK == 0);
    }

    /**
     * Bytes of one row of {@code n} elements.
     *
     * @throws IllegalArgumentException if {@link #fits} is false
     */
    public int rowBytes(int n) {
        if (!fits(n)) {
            throw new IllegalArgumentException("a KV cache of type " + label + " cannot store heads of " + n
                    + " elements" + (this == Q8_0 ? " (q8_0 needs a multiple of 32; use f16)" : ""));
        }
        return switch (this) {
            case F32 -> 4 * n;
            case F16 -> 2 * n;
            case Q8_0 -> n / Q8_BLOCK * Q8_BLOCK_BYTES;
        };
    }

    /** Stores {@code src[off .. off+n)} as one row at {@code dst[at ..]}. */
    public void encode(float[] src, int off, int n, MemorySegment dst, long at) {
        switch (this) {
            case F32 -> MemorySegment.copy(src, off, dst, FLOAT, at, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst.set(SHORT, at + 2L * i, Float.floatToFloat16(src[off + i]));
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < n / Q8_BLOCK; b++) {
                    encodeQ8Block(src, off + b * Q8_BLOCK, dst, at + (long) b * Q8_BLOCK_BYTES);
                }
            }
        }
    }

    /** Reads the row at {@code src[at ..]} back into {@code dst[off .. off+n)}. */
    public void decode(MemorySegment src, long at, int n, float[] dst, int off) {
        switch (this) {
            case F32 -> MemorySegment.copy(src, FLOAT, at, dst, off, n);
            case F16 -> {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = Float.float16ToFloat(src.get(SHORT, at + 2L * i));
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < n / Q8_BLOCK; b++) {
                    long block = at + (long) b * Q8_BLOCK_BYTES;
                    float d = Float.float16ToFloat(src.get(SHORT, block));
                    for (int i = 0; i < Q8_BLOCK; i++) {
                        dst[off + b * Q8_BLOCK + i] = d * src.get(ValueLayout.JAVA_BYTE, block + 2 + i);
                    }
                }
            }
        }
    }

    /** ggml's quantize_row_q8_0_ref: d = max|x| / 127 (stored as f16), q = round(x / d), half away from zero. */
    private static void encodeQ8Block(float[] src, int off, MemorySegment dst, long at) {
        float amax = 0;
        for (int i = 0; i < Q8_BLOCK; i++) {
            amax = Math.max(amax, Math.abs(src[off + i]));
        }
        float d = amax / 127f;
        float id = d != 0 ? 1f / d : 0f;
        dst.set(SHORT, at, Float.floatToFloat16(d));
        for (int i = 0; i < Q8_BLOCK; i++) {
            float v = src[off + i] * id;
            dst.set(ValueLayout.JAVA_BYTE, at + 2 + i, (byte) (Math.signum(v) * Math.floor(Math.abs(v) + 0.5f)));
        }
    }
}
