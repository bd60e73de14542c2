package dev.osprey.engine.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.osprey.engine.tensor.scalar.BlockFormat;
import dev.osprey.engine.tensor.scalar.ScalarBackend;
import dev.osprey.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The 32-element types Q4_1, Q5_0, Q5_1 and IQ4_NL, encoded by their reference quantizer and decoded
 * by their scalar format: ordinary data within the type's error, all-zero and constant blocks, blocks
 * already on the type's grid (which must come back exactly), outliers, and partial blocks.
 */
class Block32QuantizerTest {
    private static final float[] IQ4_NL_GRID = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Q4_1, 0.013", "Q5_0, 0.004", "Q5_1, 0.003", "IQ4_NL, 0.012"}) // measured 6.6e-3, 1.9e-3, 1.5e-3, 5.9e-3
    void decodesCloseToTheInput(GgmlType type, double maxNmse) {
        float[] x = QuantizerRoundTripTest.gaussian(4096, 7);
        assertThat(QuantizerRoundTripTest.nmse(x, roundTrip(type, x))).isLessThanOrEqualTo(maxNmse);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"Q4_1", "Q5_0", "Q5_1", "IQ4_NL"})
    void zerosStayZeros(GgmlType type) {
        for (float v : roundTrip(type, new float[256])) {
            assertThat(v == 0).as("%s decodes zeros to %s", type, v).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"Q4_1", "Q5_0", "Q5_1", "IQ4_NL"})
    void constantBlockKeepsItsValue(GgmlType type) {
        for (float c : new float[] {0.3f, -1.7f, 1e-3f}) {
            float[] x = new float[32];
            Arrays.fill(x, c);
            for (float v : roundTrip(type, x)) {
                assertThat(v).as("%s of constant %s", type, c).isCloseTo(c, within(Math.abs(c) * 0x1p-10f));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"Q4_1", "Q5_0", "Q5_1", "IQ4_NL"})
    void blockOnTheGridComesBackExactly(GgmlType type) {
        float step = 0x1p-7f;
        float offset = -0.25f;
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            int k = i * 7 % 32;
            x[i] = switch (type) {
                case Q4_1 -> offset + step * (k % 16);
                case Q5_0 -> step * (k - 16);
                case Q5_1 -> offset + step * k;
                case IQ4_NL -> step * IQ4_NL_GRID[k % 16];
                default -> throw new IllegalArgumentException(type.name());
            };
        }
        assertThat(roundTrip(type, x)).containsExactly(x);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"Q4_1", "Q5_0", "Q5_1"})
    void outliersSetTheScaleAndSurvive(GgmlType type) {
        float[] x = QuantizerRoundTripTest.gaussian(32, 11);
        x[5] = 3000f;
        x[20] = -2000f;
        float[] back = roundTrip(type, x);
        assertThat(back[5]).isCloseTo(3000f, within(3000f * 0x1p-9f));
        if (type != GgmlType.Q5_0) {
            assertThat(back[20]).isCloseTo(-2000f, within(2000f * 0x1p-10f));
        }
    }

    @Test
    void allZeroIq4NlBlockStoresZeroScaleAndTheLevelNearestZero() {
        MemorySegment block = Arena.ofAuto().allocate(18);
        Quantizers.of(GgmlType.IQ4_NL).quantize(new float[32], 0, 32, block, 0);
        assertThat(block.get(QuantMath.LE_SHORT, 0)).isEqualTo((short) 0);
        for (int j = 2; j < 18; j++) {
            assertThat(block.get(ValueLayout.JAVA_BYTE, j)).isEqualTo((byte) 0x88);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(names = {"Q4_1", "Q5_0", "Q5_1", "IQ4_NL"})
    void refusesPartialBlocks(GgmlType type) {
        assertThatThrownBy(() -> Quantizers.of(type).quantize(new float[48], 0, 48, Arena.ofAuto().allocate(64), 0))
                .hasMessageContaining("48 elements are not a whole number of " + type + " blocks of 32");
        assertThat(Quantizers.of(type).byteSize(64)).isEqualTo(2L * type.typeSize());
    }

    /** Encodes with {@link Quantizers}, decodes with the scalar reference {@link BlockFormat}. */
    private static float[] roundTrip(GgmlType type, float[] x) {
        Quantizer q = Quantizers.of(type);
        MemorySegment encoded = Arena.ofAuto().allocate(q.byteSize(x.length));
        q.quantize(x, 0, x.length, encoded, 0);
        float[] back = new float[x.length];
        BlockFormat format = ScalarBackend.format(type);
        format.dequantize(encoded, 0, x.length, back, 0);
        return back;
    }
}
