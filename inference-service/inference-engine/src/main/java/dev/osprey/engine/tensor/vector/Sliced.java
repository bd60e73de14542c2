package dev.osprey.engine.tensor.vector;

import static dev.osprey.engine.tensor.vector.Lanes.F;
import static dev.osprey.engine.tensor.vector.Lanes.I;
import static dev.osprey.engine.tensor.vector.Lanes.L;
import static dev.osprey.engine.tensor.vector.Lanes.LE;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The lane-sliced layout that repacked quants use: a group of quants fills one int vector of L lanes,
 * and slice {@code j} of every lane holds consecutive elements, so element {@code j*L + i} of a group
 * sits in lane {@code i}, slice {@code j}. One load and two shifts give L signed quants in int lanes,
 * with no byte-granular ops (x86 has no byte shifts). 8-bit quants: 4 slices (bytes) per lane, a
 * group is {@link #G8} elements; 4-bit quants: 8 slices (nibbles), {@link #G4} elements.
 */
final class Sliced {
    static final int G8 = 4 * L;
    static final int G4 = 8 * L;

    private Sliced() {
    }

    static IntVector load(MemorySegment data, long offset) {
        return IntVector.fromMemorySegment(I, data, offset, LE);
    }

    /** Signed 8-bit slice {@code j} (0..3) of every lane, as floats. */
    static FloatVector s8(IntVector v, int j) {
        IntVector t = j == 3 ? v : v.lanewise(VectorOperators.LSHL, 24 - 8 * j);
        return (FloatVector) t.lanewise(VectorOperators.ASHR, 24).convert(VectorOperators.I2F, 0);
    }

    /** Signed 4-bit slice {@code n} (0..7) of every lane, as floats. */
    static FloatVector s4(IntVector v, int n) {
        IntVector t = n == 7 ? v : v.lanewise(VectorOperators.LSHL, 28 - 4 * n);
        return (FloatVector) t.lanewise(VectorOperators.ASHR, 28).convert(VectorOperators.I2F, 0);
    }

    /** Writes 8-bit quant {@code q} of group element {@code e} into the group at {@code offset}. */
    static void put8(MemorySegment dst, long offset, int e, byte q) {
        dst.set(java.lang.foreign.ValueLayout.JAVA_BYTE, offset + 4L * (e % L) + e / L, q);
    }

    /** Writes 4-bit quant {@code q} (low 4 bits) of group element {@code e} into the group at {@code offset}. */
    static void put4(MemorySegment dst, long offset, int e, int q) {
        int n = e / L;
        long at = offset + 4L * (e % L) + n / 2;
        int old = dst.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at);
        int shift = 4 * (n % 2);
        dst.set(java.lang.foreign.ValueLayout.JAVA_BYTE, at, (byte) ((old & ~(0xF << shift)) | ((q & 0xF) << shift)));
    }

    static FloatVector x(float[] x, int i) {
        return FloatVector.fromArray(F, x, i);
    }
}
