package dev.osprey.gguf;

import java.util.Objects;

/**
 * One GGUF metadata value, keeping its GGUF type: an integer of one of the eight integer types, a
 * FLOAT32 or FLOAT64, a BOOL, a STRING, or an {@link GgufArray} (which may hold arrays). Values are
 * immutable and compare by type and content, so a value read back from a file equals the value
 * written.
 */
public sealed interface GgufValue permits GgufValue.IntValue, GgufValue.FloatValue, GgufValue.BoolValue,
        GgufValue.StringValue, GgufArray {

    /** The GGUF type tag this value is stored with. */
    GgufType type();

    /**
     * An integer of type UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64 or INT64. {@code value}
     * is the number itself (zero- or sign-extended), except that a UINT64 keeps its raw 64 bits:
     * UINT64 values of 2^63 and above are negative here (read them with {@link Long#toUnsignedString}).
     * Construction throws {@link IllegalArgumentException} if {@code type} is not an integer type or
     * the value is out of its range.
     */
    record IntValue(GgufType type, long value) implements GgufValue {
        public IntValue {
            Objects.requireNonNull(type, "type");
            if (!type.isInteger()) {
                throw new IllegalArgumentException(type + " is not an integer type");
            }
            if (!fits(type, value)) {
                throw new IllegalArgumentException(value + " is out of range for " + type);
            }
        }

        /** Whether {@code value} is representable in {@code type} (UINT64 takes any 64 bits). */
        static boolean fits(GgufType type, long value) {
            return switch (type) {
                case UINT8 -> value >= 0 && value <= 0xFF;
                case INT8 -> value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE;
                case UINT16 -> value >= 0 && value <= 0xFFFF;
                case INT16 -> value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
                case UINT32 -> value >= 0 && value <= 0xFFFF_FFFFL;
                case INT32 -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
                case UINT64, INT64 -> true;
                default -> false;
            };
        }

        @Override
        public String toString() {
            return type + ":" + (type == GgufType.UINT64 ? Long.toUnsignedString(value) : Long.toString(value));
        }
    }

    /**
     * A FLOAT32 or FLOAT64. A FLOAT32 is widened exactly to {@code double}, so {@code (float) value}
     * gives back the stored float. Construction throws {@link IllegalArgumentException} if
     * {@code type} is not a float type, or a FLOAT32's value is not exactly representable as a float.
     */
    record FloatValue(GgufType type, double value) implements GgufValue {
        public FloatValue {
            Objects.requireNonNull(type, "type");
            if (!type.isFloat()) {
                throw new IllegalArgumentException(type + " is not a float type");
            }
            if (type == GgufType.FLOAT32 && (double) (float) value != value && !Double.isNaN(value)) {
                throw new IllegalArgumentException(value + " is not exactly representable as FLOAT32");
            }
        }

        @Override
        public String toString() {
            return type + ":" + (type == GgufType.FLOAT32 ? Float.toString((float) value) : Double.toString(value));
        }
    }

    /** A BOOL. */
    record BoolValue(boolean value) implements GgufValue {
        @Override
        public GgufType type() {
            return GgufType.BOOL;
        }

        @Override
        public String toString() {
            return "BOOL:" + value;
        }
    }

    /** A STRING (UTF-8 in the file; malformed UTF-8 is read with U+FFFD replacement characters). */
    record StringValue(String value) implements GgufValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public GgufType type() {
            return GgufType.STRING;
        }

        @Override
        public String toString() {
            return "STRING:\"" + (value.length() <= 80 ? value : value.substring(0, 77) + "...") + '"';
        }
    }

    /** An integer of the given integer type; see {@link IntValue} for the range rules. */
    static IntValue ofInt(GgufType type, long value) {
        return new IntValue(type, value);
    }

    static IntValue uint8(int value) {
        return new IntValue(GgufType.UINT8, value);
    }

    static IntValue int8(int value) {
        return new IntValue(GgufType.INT8, value);
    }

    static IntValue uint16(int value) {
        return new IntValue(GgufType.UINT16, value);
    }

    static IntValue int16(int value) {
        return new IntValue(GgufType.INT16, value);
    }

    static IntValue uint32(long value) {
        return new IntValue(GgufType.UINT32, value);
    }

    static IntValue int32(int value) {
        return new IntValue(GgufType.INT32, value);
    }

    /** A UINT64 from its raw 64 bits (negative {@code value} means 2^63 and above). */
    static IntValue uint64(long value) {
        return new IntValue(GgufType.UINT64, value);
    }

    static IntValue int64(long value) {
        return new IntValue(GgufType.INT64, value);
    }

    static FloatValue float32(float value) {
        return new FloatValue(GgufType.FLOAT32, value);
    }

    static FloatValue float64(double value) {
        return new FloatValue(GgufType.FLOAT64, value);
    }

    static BoolValue bool(boolean value) {
        return new BoolValue(value);
    }

    static StringValue string(String value) {
        return new StringValue(value);
    }
}
