package dev.osprey.engine.tensor.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes every kernel uses, fixed once per JVM so C2 sees them as constants. The float
 * species is the platform's preferred one unless {@code osprey.vector.bits} (128, 256 or 512) asks
 * for a narrower one, which exists to test the narrower code paths on a wide machine.
 */
final class Lanes {
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    /** Float lanes: L floats per vector. */
    static final VectorSpecies<Float> F = floatSpecies();
    static final int L = F.length();

    /** Int lanes, same shape as {@link #F}. */
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(F.vectorShape());

    /** Byte lanes for quant loads: max(L, 8) bytes; a load converts to {@code BL / L} float vectors. */
    static final VectorSpecies<Byte> B = ByteVector.SPECIES_64.withShape(VectorShape.forBitSize(Math.max(64, L * 8)));
    static final int BL = B.length();
    static final int PARTS = BL / L;

    /** Short lanes for f16/bf16 loads: L shorts, widened to one int/float vector. */
    static final VectorSpecies<Short> S = ShortVector.SPECIES_64.withShape(VectorShape.forBitSize(Math.max(64, L * 16)));

    private Lanes() {
    }

    private static VectorSpecies<Float> floatSpecies() {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        String bits = System.getProperty("osprey.vector.bits");
        if (bits == null || bits.isBlank()) {
            return preferred;
        }
        int wanted = Integer.parseInt(bits.trim());
        if (wanted > preferred.vectorBitSize() || (wanted != 128 && wanted != 256 && wanted != 512)) {
            throw new IllegalArgumentException("osprey.vector.bits=" + bits + ": must be 128, 256 or 512 and at most "
                    + preferred.vectorBitSize());
        }
        return FloatVector.SPECIES_128.withShape(VectorShape.forBitSize(wanted));
    }

    /** {@code v} in every lane. */
    static FloatVector bcast(float v) {
        return FloatVector.broadcast(F, v);
    }

    /**
     * {@code acc + sum_p (q[p] * s) * x[xi + p*L ..]} over the {@link #PARTS} float parts of the
     * {@link #BL} bytes {@code q}: dequantize in registers, then multiply-add with the activations.
     */
    static FloatVector dot(ByteVector q, FloatVector s, float[] x, int xi, FloatVector acc) {
        acc = b2f(q, 0).mul(s).fma(FloatVector.fromArray(F, x, xi), acc);
        if (PARTS == 2) {
            acc = b2f(q, 1).mul(s).fma(FloatVector.fromArray(F, x, xi + L), acc);
        }
        return acc;
    }

    /** As {@link #dot} with an offset: elements are {@code q * s + m}. */
    static FloatVector dot(ByteVector q, FloatVector s, FloatVector m, float[] x, int xi, FloatVector acc) {
        acc = b2f(q, 0).fma(s, m).fma(FloatVector.fromArray(F, x, xi), acc);
        if (PARTS == 2) {
            acc = b2f(q, 1).fma(s, m).fma(FloatVector.fromArray(F, x, xi + L), acc);
        }
        return acc;
    }

    /** Stores {@code q * s} ({@link #BL} elements) to {@code out[oi ..]}. */
    static void store(ByteVector q, FloatVector s, float[] out, int oi) {
        b2f(q, 0).mul(s).intoArray(out, oi);
        if (PARTS == 2) {
            b2f(q, 1).mul(s).intoArray(out, oi + L);
        }
    }

    /** Stores {@code q * s + m} ({@link #BL} elements) to {@code out[oi ..]}. */
    static void store(ByteVector q, FloatVector s, FloatVector m, float[] out, int oi) {
        b2f(q, 0).fma(s, m).intoArray(out, oi);
        if (PARTS == 2) {
            b2f(q, 1).fma(s, m).intoArray(out, oi + L);
        }
    }

    /** Loads {@link #BL} bytes. */
    static ByteVector bytes(MemorySegment data, long offset) {
        return ByteVector.fromMemorySegment(B, data, offset, LE);
    }

    /** Part {@code part} (L lanes) of {@code q}, sign-extended to floats. */
    static FloatVector b2f(ByteVector q, int part) {
        return (FloatVector) q.convertShape(VectorOperators.B2F, F, part);
    }

    /** L little-endian IEEE binary16 values to floats, exactly (subnormals, infinities and NaN included). */
    static FloatVector f16ToFloat(ShortVector h) {
        IntVector bits = (IntVector) h.convertShape(VectorOperators.S2I, I, 0);
        IntVector abs = bits.and(0x7fff);
        IntVector sign = bits.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        IntVector shifted = abs.lanewise(VectorOperators.LSHL, 13);
        IntVector finite = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        IntVector special = shifted.or(0x7f800000);
        return finite.blend(special, abs.compare(VectorOperators.GE, 0x7c00)).or(sign).reinterpretAsFloats();
    }

    /** The f16 at {@code offset}, as a float. */
    static float f16(MemorySegment data, long offset) {
        return Float.float16ToFloat(data.get(LE_SHORT, offset));
    }

    /** The bfloat16 at {@code offset}, as a float. */
    static float bf16(MemorySegment data, long offset) {
        return Float.intBitsToFloat(data.get(LE_SHORT, offset) << 16);
    }

    /** Low nibbles of {@code q}: 0..15 per byte. */
    static ByteVector lo(ByteVector q) {
        return q.and((byte) 0x0F);
    }

    /** High nibbles of {@code q}: 0..15 per byte (shifted in int lanes; x86 has no byte shift). */
    static ByteVector hi(ByteVector q) {
        return q.reinterpretAsInts().lanewise(VectorOperators.LSHR, 4).and(0x0F0F0F0F).reinterpretAsBytes();
    }

    /** {@code (q << n) & mask} per byte, for shifts that keep the bits of {@code mask} inside their byte. */
    static ByteVector shlMask(ByteVector q, int n, int mask) {
        return q.reinterpretAsInts().lanewise(VectorOperators.LSHL, n).and(mask).reinterpretAsBytes();
    }

    /** {@code (q >>> n) & mask} per byte, for shifts that keep the bits of {@code mask} inside their byte. */
    static ByteVector shrMask(ByteVector q, int n, int mask) {
        return q.reinterpretAsInts().lanewise(VectorOperators.LSHR, n).and(mask).reinterpretAsBytes();
    }

    /** L bfloat16 values to floats. */
    static FloatVector bf16ToFloat(ShortVector h) {
        IntVector bits = (IntVector) h.convertShape(VectorOperators.S2I, I, 0);
        return bits.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }
}
