package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GgmlTypeTest {

    private static final int QK_K = 256;
    private static final int HALF = 2;

    /**
     * Block sizes recomputed from ggml's block structs ({@code ggml-common.h}), field by field, so a
     * typo in the enum's table cannot hide behind a copy of itself.
     */
    @Test
    void blockLayoutsMatchGgmlStructs() {
        assertLayout(GgmlType.F32, 1, 4);
        assertLayout(GgmlType.F16, 1, 2);
        assertLayout(GgmlType.BF16, 1, 2);
        assertLayout(GgmlType.F64, 1, 8);
        assertLayout(GgmlType.I8, 1, 1);
        assertLayout(GgmlType.I16, 1, 2);
        assertLayout(GgmlType.I32, 1, 4);
        assertLayout(GgmlType.I64, 1, 8);
        assertLayout(GgmlType.Q4_0, 32, HALF + 32 / 2);                          // d, qs[16]
        assertLayout(GgmlType.Q4_1, 32, 2 * HALF + 32 / 2);                      // d, m, qs
        assertLayout(GgmlType.Q5_0, 32, HALF + 4 + 32 / 2);                      // d, qh[4], qs
        assertLayout(GgmlType.Q5_1, 32, 2 * HALF + 4 + 32 / 2);
        assertLayout(GgmlType.Q8_0, 32, HALF + 32);                              // d, qs[32]
        assertLayout(GgmlType.Q8_1, 32, 2 * HALF + 32);                          // d, s, qs[32]
        assertLayout(GgmlType.Q2_K, QK_K, QK_K / 16 + QK_K / 4 + 2 * HALF);      // scales, qs, d, dmin
        assertLayout(GgmlType.Q3_K, QK_K, QK_K / 8 + QK_K / 4 + 12 + HALF);      // hmask, qs, scales, d
        assertLayout(GgmlType.Q4_K, QK_K, 2 * HALF + 12 + QK_K / 2);             // d, dmin, scales, qs
        assertLayout(GgmlType.Q5_K, QK_K, 2 * HALF + 12 + QK_K / 8 + QK_K / 2);  // d, dmin, scales, qh, qs
        assertLayout(GgmlType.Q6_K, QK_K, QK_K / 2 + QK_K / 4 + QK_K / 16 + HALF); // ql, qh, scales, d
        assertLayout(GgmlType.Q8_K, QK_K, 4 + QK_K + 2 * QK_K / 16);             // float d, qs, int16 bsums
        assertLayout(GgmlType.IQ2_XXS, QK_K, HALF + 2 * QK_K / 8);
        assertLayout(GgmlType.IQ2_XS, QK_K, HALF + 2 * QK_K / 8 + QK_K / 32);
        assertLayout(GgmlType.IQ3_XXS, QK_K, HALF + 3 * QK_K / 8);
        assertLayout(GgmlType.IQ1_S, QK_K, HALF + QK_K / 8 + 2 * QK_K / 32);
        assertLayout(GgmlType.IQ4_NL, 32, HALF + 32 / 2);
        assertLayout(GgmlType.IQ3_S, QK_K, HALF + QK_K / 4 + QK_K / 32 + QK_K / 8 + QK_K / 64);
        assertLayout(GgmlType.IQ2_S, QK_K, HALF + QK_K / 4 + QK_K / 32 + QK_K / 32);
        assertLayout(GgmlType.IQ4_XS, QK_K, HALF + 2 + QK_K / 64 + QK_K / 2);
        assertLayout(GgmlType.IQ1_M, QK_K, QK_K / 8 + QK_K / 16 + QK_K / 32);
        assertLayout(GgmlType.TQ1_0, QK_K, (QK_K - 4 * QK_K / 64) / 5 + QK_K / 64 + HALF);
        assertLayout(GgmlType.TQ2_0, QK_K, QK_K / 4 + HALF);
        assertLayout(GgmlType.MXFP4, 32, 1 + 32 / 2);
    }

    private static void assertLayout(GgmlType type, int blockSize, int typeSize) {
        assertThat(type.blockSize()).as(type + " block size").isEqualTo(blockSize);
        assertThat(type.typeSize()).as(type + " type size").isEqualTo(typeSize);
        assertThat(type.isQuantized()).as(type + " quantized").isEqualTo(blockSize > 1);
    }

    @Test
    void idsAreGgmls() {
        assertThat(GgmlType.F32.id()).isZero();
        assertThat(GgmlType.Q4_0.id()).isEqualTo(2);
        assertThat(GgmlType.Q5_0.id()).isEqualTo(6);
        assertThat(GgmlType.Q8_0.id()).isEqualTo(8);
        assertThat(GgmlType.Q2_K.id()).isEqualTo(10);
        assertThat(GgmlType.Q6_K.id()).isEqualTo(14);
        assertThat(GgmlType.Q8_K.id()).isEqualTo(15);
        assertThat(GgmlType.IQ4_XS.id()).isEqualTo(23);
        assertThat(GgmlType.I8.id()).isEqualTo(24);
        assertThat(GgmlType.F64.id()).isEqualTo(28);
        assertThat(GgmlType.BF16.id()).isEqualTo(30);
        assertThat(GgmlType.TQ1_0.id()).isEqualTo(34);
        assertThat(GgmlType.MXFP4.id()).isEqualTo(39);
        Set<Integer> ids = new HashSet<>();
        for (GgmlType t : GgmlType.values()) {
            assertThat(ids.add(t.id())).as("unique id " + t.id()).isTrue();
            assertThat(GgmlType.fromId(t.id())).contains(t);
        }
    }

    @Test
    void removedAndUnknownIdsAreEmpty() {
        for (long id : new long[] {-1, 4, 5, 31, 32, 33, 36, 37, 38, 40, Integer.MAX_VALUE, Long.MAX_VALUE}) {
            assertThat(GgmlType.fromId(id)).as("id " + id).isEmpty();
        }
        assertThat(Arrays.stream(GgmlType.values()).mapToInt(GgmlType::id).max()).hasValue(39);
    }

    @Test
    void rowSize() {
        assertThat(GgmlType.F32.rowSize(64)).isEqualTo(256);
        assertThat(GgmlType.Q4_K.rowSize(512)).isEqualTo(288);
        assertThat(GgmlType.Q8_0.rowSize(0)).isZero();
        assertThatThrownBy(() -> GgmlType.Q8_0.rowSize(33)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("33").hasMessageContaining("Q8_0");
        assertThatThrownBy(() -> GgmlType.F32.rowSize(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tensorInfoSizes() {
        GgufTensorInfo q = new GgufTensorInfo("w", new long[] {256, 3, 2}, GgmlType.Q6_K, 64);
        assertThat(q.elementCount()).isEqualTo(256 * 6);
        assertThat(q.byteSize()).isEqualTo(210 * 6);
        assertThat(q.nDims()).isEqualTo(3);
        assertThat(q.dim(0)).isEqualTo(256);
        assertThat(q.dim(3)).isEqualTo(1);
        GgufTensorInfo scalar = new GgufTensorInfo("s", new long[0], GgmlType.F32, 0);
        assertThat(scalar.elementCount()).isEqualTo(1);
        assertThat(scalar.byteSize()).isEqualTo(4);
        assertThat(new GgufTensorInfo("e", new long[] {0, 7}, GgmlType.Q4_0, 0).byteSize()).isZero();

        long[] dims = {32, 2};
        GgufTensorInfo a = new GgufTensorInfo("a", dims, GgmlType.Q8_0, 0);
        dims[0] = 64;
        a.dims()[1] = 99;
        assertThat(a.dims()).containsExactly(32, 2);
        assertThat(a).isEqualTo(new GgufTensorInfo("a", new long[] {32, 2}, GgmlType.Q8_0, 0))
                .hasSameHashCodeAs(new GgufTensorInfo("a", new long[] {32, 2}, GgmlType.Q8_0, 0))
                .isNotEqualTo(new GgufTensorInfo("a", new long[] {32, 2}, GgmlType.Q8_0, 32));
        assertThat(a.toString()).contains("a", "Q8_0", "[32, 2]", "68 bytes");

        assertThatThrownBy(() -> new GgufTensorInfo("x", new long[] {1, 1, 1, 1, 1}, GgmlType.F32, 0))
                .hasMessageContaining("5 dimensions");
        assertThatThrownBy(() -> new GgufTensorInfo("x", new long[] {16}, GgmlType.Q4_0, 0))
                .hasMessageContaining("not a multiple of the Q4_0 block size 32");
        assertThatThrownBy(() -> new GgufTensorInfo("x", new long[] {1L << 40, 1L << 40}, GgmlType.F32, 0))
                .hasMessageContaining("elements");
        assertThatThrownBy(() -> new GgufTensorInfo("x", new long[] {4}, GgmlType.F32, -32))
                .hasMessageContaining("negative offset");
    }
}
