package dev.osprey.gguf;

import java.util.Optional;

/**
 * ggml tensor element types, with the ids ggml stores in GGUF tensor infos ({@code enum ggml_type}
 * in {@code ggml.h}) and the block layout from ggml's {@code type_traits}: a row of {@code ne0}
 * elements is {@code ne0 / blockSize()} blocks of {@code typeSize()} bytes each. Ids 4, 5 (Q4_2,
 * Q4_3), 31..33 (Q4_0_4_4, Q4_0_4_8, Q4_0_8_8) and 36..38 (IQ4_NL_4_4 and kin) were removed from
 * ggml and are not accepted, as in llama.cpp.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q4_1(3, 32, 20),
    Q5_0(6, 32, 22),
    Q5_1(7, 32, 24),
    Q8_0(8, 32, 34),
    Q8_1(9, 32, 36),
    Q2_K(10, 256, 84),
    Q3_K(11, 256, 110),
    Q4_K(12, 256, 144),
    Q5_K(13, 256, 176),
    Q6_K(14, 256, 210),
    Q8_K(15, 256, 292),
    IQ2_XXS(16, 256, 66),
    IQ2_XS(17, 256, 74),
    IQ3_XXS(18, 256, 98),
    IQ1_S(19, 256, 50),
    IQ4_NL(20, 32, 18),
    IQ3_S(21, 256, 110),
    IQ2_S(22, 256, 82),
    IQ4_XS(23, 256, 136),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 56),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 54),
    TQ2_0(35, 256, 66),
    MXFP4(39, 32, 17);

    private static final GgmlType[] BY_ID = new GgmlType[40];

    static {
        for (GgmlType t : values()) {
            BY_ID[t.id] = t;
        }
    }

    private final int id;
    private final int blockSize;
    private final int typeSize;

    GgmlType(int id, int blockSize, int typeSize) {
        this.id = id;
        this.blockSize = blockSize;
        this.typeSize = typeSize;
    }

    /** The ggml type id, as stored in a GGUF tensor info. */
    public int id() {
        return id;
    }

    /** Elements per block (ggml {@code blck_size}): 1 for plain types, 32 or 256 for quantized ones. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block (ggml {@code type_size}). */
    public int typeSize() {
        return typeSize;
    }

    /** Whether elements are stored in multi-element quantized blocks. */
    public boolean isQuantized() {
        return blockSize > 1;
    }

    /**
     * Bytes taken by a row of {@code ne0} elements (ggml {@code ggml_row_size}).
     *
     * @throws IllegalArgumentException if {@code ne0} is negative or not a whole number of blocks
     */
    public long rowSize(long ne0) {
        if (ne0 < 0 || ne0 % blockSize != 0) {
            throw new IllegalArgumentException(
                    "row of " + ne0 + " elements is not a whole number of " + name() + " blocks of " + blockSize);
        }
        return ne0 / blockSize * typeSize;
    }

    /** The type with this ggml id, or empty for an id ggml does not define (or no longer supports). */
    public static Optional<GgmlType> fromId(long id) {
        return id >= 0 && id < BY_ID.length ? Optional.ofNullable(BY_ID[(int) id]) : Optional.empty();
    }
}
