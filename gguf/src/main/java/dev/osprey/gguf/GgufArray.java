package dev.osprey.gguf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A GGUF ARRAY value: elements of one {@link #elementType()}. Fixed-size elements (integers, floats,
 * BOOL) live in a {@link ScalarArray}, strings in a {@link StringArray}, and arrays of arrays in a
 * {@link NestedArray}, whose inner arrays each have their own element type and length.
 */
public sealed interface GgufArray extends GgufValue
        permits GgufArray.ScalarArray, GgufArray.StringArray, GgufArray.NestedArray {

    @Override
    default GgufType type() {
        return GgufType.ARRAY;
    }

    /** The type of every element. */
    GgufType elementType();

    /** Number of elements. */
    int size();

    /**
     * Fixed-size elements kept packed little-endian, exactly as in the file ({@code size() *
     * elementType().fixedSize()} bytes), so a 150k-entry score or token-type array is one copy.
     * Equality is by element type and bytes (so NaNs with equal bits are equal).
     */
    final class ScalarArray implements GgufArray {
        private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

        private final GgufType elementType;
        private final byte[] data;
        private final int size;

        /** Takes ownership of {@code littleEndian}; callers must not keep or modify it. */
        private ScalarArray(GgufType elementType, byte[] littleEndian) {
            if (!elementType.isScalar()) {
                throw new IllegalArgumentException(elementType + " is not a fixed-size element type");
            }
            if (littleEndian.length % elementType.fixedSize() != 0) {
                throw new IllegalArgumentException(littleEndian.length + " bytes is not a whole number of " + elementType);
            }
            this.elementType = elementType;
            this.data = littleEndian;
            this.size = littleEndian.length / elementType.fixedSize();
        }

        /** Wraps bytes read from a file without copying. */
        static ScalarArray wrap(GgufType elementType, byte[] littleEndian) {
            return new ScalarArray(elementType, littleEndian);
        }

        @Override
        public GgufType elementType() {
            return elementType;
        }

        @Override
        public int size() {
            return size;
        }

        /**
         * Element {@code i} of an integer array as its number (zero- or sign-extended; UINT64 as raw
         * bits, so values of 2^63 and above are negative), or of a BOOL array as 0 or 1.
         *
         * @throws IllegalStateException     for a FLOAT32 or FLOAT64 array
         * @throws IndexOutOfBoundsException for {@code i} outside {@code [0, size())}
         */
        public long getLong(int i) {
            Objects.checkIndex(i, size);
            return switch (elementType) {
                case UINT8, BOOL -> data[i] & 0xFFL;
                case INT8 -> data[i];
                case UINT16 -> (short) SHORT.get(data, 2 * i) & 0xFFFFL;
                case INT16 -> (short) SHORT.get(data, 2 * i);
                case UINT32 -> (int) INT.get(data, 4 * i) & 0xFFFF_FFFFL;
                case INT32 -> (int) INT.get(data, 4 * i);
                case UINT64, INT64 -> (long) LONG.get(data, 8 * i);
                default -> throw new IllegalStateException("getLong on an array of " + elementType);
            };
        }

        /**
         * Element {@code i} of a FLOAT32 or FLOAT64 array.
         *
         * @throws IllegalStateException     for a non-float array
         * @throws IndexOutOfBoundsException for {@code i} outside {@code [0, size())}
         */
        public double getDouble(int i) {
            Objects.checkIndex(i, size);
            return switch (elementType) {
                case FLOAT32 -> (float) FLOAT.get(data, 4 * i);
                case FLOAT64 -> (double) DOUBLE.get(data, 8 * i);
                default -> throw new IllegalStateException("getDouble on an array of " + elementType);
            };
        }

        /**
         * Element {@code i} of a BOOL array.
         *
         * @throws IllegalStateException     for a non-BOOL array
         * @throws IndexOutOfBoundsException for {@code i} outside {@code [0, size())}
         */
        public boolean getBoolean(int i) {
            Objects.checkIndex(i, size);
            if (elementType != GgufType.BOOL) {
                throw new IllegalStateException("getBoolean on an array of " + elementType);
            }
            return data[i] != 0;
        }

        /**
         * All elements as by {@link #getLong}.
         *
         * @throws IllegalStateException for a FLOAT32 or FLOAT64 array
         */
        public long[] toLongArray() {
            long[] out = new long[size];
            for (int i = 0; i < size; i++) {
                out[i] = getLong(i);
            }
            return out;
        }

        /**
         * All elements of an integer array as ints.
         *
         * @throws ArithmeticException   if an element does not fit in an int (UINT64 taken as unsigned)
         * @throws IllegalStateException for a float or BOOL array
         */
        public int[] toIntArray() {
            if (!elementType.isInteger()) {
                throw new IllegalStateException("toIntArray on an array of " + elementType);
            }
            int[] out = new int[size];
            if (elementType == GgufType.INT32) {
                for (int i = 0; i < size; i++) {
                    out[i] = (int) INT.get(data, 4 * i);
                }
                return out;
            }
            for (int i = 0; i < size; i++) {
                long v = getLong(i);
                if (v != (int) v) {
                    String shown = elementType == GgufType.UINT64 ? Long.toUnsignedString(v) : Long.toString(v);
                    throw new ArithmeticException("element " + i + " (" + shown + ") does not fit in an int");
                }
                out[i] = (int) v;
            }
            return out;
        }

        /**
         * All elements of a FLOAT32 array, or of a FLOAT64 array narrowed to float.
         *
         * @throws IllegalStateException for a non-float array
         */
        public float[] toFloatArray() {
            float[] out = new float[size];
            switch (elementType) {
                case FLOAT32 -> {
                    for (int i = 0; i < size; i++) {
                        out[i] = (float) FLOAT.get(data, 4 * i);
                    }
                }
                case FLOAT64 -> {
                    for (int i = 0; i < size; i++) {
                        out[i] = (float) (double) DOUBLE.get(data, 8 * i);
                    }
                }
                default -> throw new IllegalStateException("toFloatArray on an array of " + elementType);
            }
            return out;
        }

        /**
         * All elements of a FLOAT32 or FLOAT64 array as doubles.
         *
         * @throws IllegalStateException for a non-float array
         */
        public double[] toDoubleArray() {
            double[] out = new double[size];
            for (int i = 0; i < size; i++) {
                out[i] = getDouble(i);
            }
            return out;
        }

        /** The packed little-endian elements, read-only. */
        public ByteBuffer asByteBuffer() {
            return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        }

        /** The packed bytes themselves, for writers in this package; never modified. */
        byte[] rawBytes() {
            return data;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ScalarArray a && a.elementType == elementType && Arrays.equals(a.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * elementType.hashCode() + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("ARRAY<").append(elementType).append(">[").append(size).append("]: [");
            int shown = Math.min(size, 8);
            for (int i = 0; i < shown; i++) {
                if (i > 0) {
                    s.append(", ");
                }
                switch (elementType) {
                    case FLOAT32 -> s.append((float) getDouble(i));
                    case FLOAT64 -> s.append(getDouble(i));
                    case BOOL -> s.append(getBoolean(i));
                    case UINT64 -> s.append(Long.toUnsignedString(getLong(i)));
                    default -> s.append(getLong(i));
                }
            }
            return s.append(size > shown ? ", ...]" : "]").toString();
        }
    }

    /** An array of STRINGs; {@code values} is unmodifiable. */
    record StringArray(List<String> values) implements GgufArray {
        public StringArray {
            values = List.copyOf(values);
        }

        @Override
        public GgufType elementType() {
            return GgufType.STRING;
        }

        @Override
        public int size() {
            return values.size();
        }

        @Override
        public String toString() {
            return summary("STRING", values, 8);
        }
    }

    /** An array of arrays; each inner array has its own element type and length. {@code values} is unmodifiable. */
    record NestedArray(List<GgufArray> values) implements GgufArray {
        public NestedArray {
            values = List.copyOf(values);
        }

        @Override
        public GgufType elementType() {
            return GgufType.ARRAY;
        }

        @Override
        public int size() {
            return values.size();
        }

        @Override
        public String toString() {
            return summary("ARRAY", values, 4);
        }
    }

    /** {@code ARRAY<type>[size]: [first, second, ...]}, showing at most {@code shown} elements. */
    private static String summary(String elementType, List<?> values, int shown) {
        StringBuilder s = new StringBuilder("ARRAY<").append(elementType).append(">[").append(values.size()).append("]: [");
        for (int i = 0; i < Math.min(shown, values.size()); i++) {
            s.append(i > 0 ? ", " : "").append(values.get(i));
        }
        return s.append(values.size() > shown ? ", ...]" : "]").toString();
    }

    /**
     * An array of an integer type; each value must fit that type (UINT64 takes raw bits).
     *
     * @throws IllegalArgumentException if {@code elementType} is not an integer type or a value is out of range
     */
    static ScalarArray ofInts(GgufType elementType, long... values) {
        if (!elementType.isInteger()) {
            throw new IllegalArgumentException(elementType + " is not an integer type");
        }
        int width = elementType.fixedSize();
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, width)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            if (!IntValue.fits(elementType, v)) {
                throw new IllegalArgumentException("element " + i + " (" + v + ") is out of range for " + elementType);
            }
            switch (width) {
                case 1 -> b.put((byte) v);
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return new ScalarArray(elementType, b.array());
    }

    /** An INT32 array. */
    static ScalarArray ofInt32(int... values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return new ScalarArray(GgufType.INT32, b.array());
    }

    /** A FLOAT32 array. */
    static ScalarArray ofFloat32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new ScalarArray(GgufType.FLOAT32, b.array());
    }

    /** A FLOAT64 array. */
    static ScalarArray ofFloat64(double... values) {
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values);
        return new ScalarArray(GgufType.FLOAT64, b.array());
    }

    /** A BOOL array. */
    static ScalarArray ofBools(boolean... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) (values[i] ? 1 : 0);
        }
        return new ScalarArray(GgufType.BOOL, b);
    }

    /** A STRING array. */
    static StringArray ofStrings(List<String> values) {
        return new StringArray(values);
    }

    /** A STRING array. */
    static StringArray ofStrings(String... values) {
        return new StringArray(List.of(values));
    }

    /** An array of arrays. */
    static NestedArray ofArrays(List<? extends GgufArray> values) {
        return new NestedArray(List.copyOf(values));
    }

    /** An array of arrays. */
    static NestedArray ofArrays(GgufArray... values) {
        return new NestedArray(List.of(values));
    }
}
