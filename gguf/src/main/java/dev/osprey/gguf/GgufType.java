package dev.osprey.gguf;

import java.util.Optional;

/**
 * GGUF metadata value types, numbered as in the file ({@code gguf_metadata_value_type}, ids 0..12).
 * Integers and floats are little-endian; a STRING is a u64 byte length followed by UTF-8 bytes
 * (no terminator); an ARRAY is a u32 element type, a u64 element count, then the elements.
 */
public enum GgufType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    /** One byte, 0 or 1; other values are invalid. */
    BOOL(7, 1),
    STRING(8, -1),
    ARRAY(9, -1),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private static final GgufType[] BY_ID = values();

    private final int id;
    private final int size;

    GgufType(int id, int size) {
        this.id = id;
        this.size = size;
    }

    /** The type id as stored in the file. */
    public int id() {
        return id;
    }

    /** Encoded size in bytes of one value, or -1 for the variable-size STRING and ARRAY. */
    public int fixedSize() {
        return size;
    }

    /**
     * The fewest bytes one value of this type can occupy: its fixed size, 8 for a STRING (the empty
     * string's length field) and 12 for an ARRAY (element type and count of an empty array). A
     * reader uses it to bound counts by the bytes left in the file before allocating.
     */
    public int minEncodedSize() {
        return switch (this) {
            case STRING -> 8;
            case ARRAY -> 12;
            default -> size;
        };
    }

    /** UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64 or INT64. */
    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    /** FLOAT32 or FLOAT64. */
    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** Fixed-size types: integers, floats and BOOL (everything but STRING and ARRAY). */
    public boolean isScalar() {
        return size > 0;
    }

    /** The type with this id, or empty for an id outside 0..12. */
    public static Optional<GgufType> fromId(long id) {
        return id >= 0 && id < BY_ID.length ? Optional.of(BY_ID[(int) id]) : Optional.empty();
    }
}
