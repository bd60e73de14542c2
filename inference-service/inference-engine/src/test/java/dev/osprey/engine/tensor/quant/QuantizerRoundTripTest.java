package dev.osprey.engine.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quantize, decode, compare: each type's error stays within what its bits allow. */
class QuantizerRoundTripTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"F32, 0", "F16, 1e-6", "BF16, 2e-5", "Q8_0, 5e-5", "Q4_0, 0.02", "Q4_K, 0.01", "Q5_K, 0.003",
            "Q6_K, 0.0008", "Q8_K, 1e-4"})
    void decodesCloseToTheInput(GgmlType type, double maxNmse) {
        float[] x = gaussian(4096, 1);
        float[] back = roundTrip(type, x);
        assertThat(nmse(x, back)).isLessThanOrEqualTo(maxNmse);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K", "Q8_K"})
    void zerosStayZeros(GgmlType type) {
        float[] back = roundTrip(type, new float[512]);
        for (float v : back) {
            assertThat(v == 0).as("%s decodes zeros to %s", type, v).isTrue();
        }
    }

    @Test
    void bf16RoundsToNearestEvenAndKeepsNaNs() {
        assertThat(Bf16Quantizer.toBf16(Float.intBitsToFloat(0x3F808000))).isEqualTo((short) 0x3F80);
        assertThat(Bf16Quantizer.toBf16(Float.intBitsToFloat(0x3F818000))).isEqualTo((short) 0x3F82);
        assertThat(Bf16Quantizer.toBf16(Float.intBitsToFloat(0x3F808001))).isEqualTo((short) 0x3F81);
        assertThat(Bf16Quantizer.toBf16(Float.intBitsToFloat(0x7F800001))).isEqualTo((short) 0x7FC0);
        assertThat(Bf16Quantizer.toBf16(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7F80);
    }

    @Test
    void q8kBlockSumsAreSumsOfItsQuants() {
        float[] x = gaussian(256, 3);
        MemorySegment block = Arena.ofAuto().allocate(292);
        new Q8_KQuantizer().quantize(x, 0, 256, block, 0);
        for (int j = 0; j < 16; j++) {
            int sum = 0;
            for (int i = 0; i < 16; i++) {
                sum += block.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 4 + 16 * j + i);
            }
            assertThat(block.get(QuantMath.LE_SHORT, 260 + 2L * j)).isEqualTo((short) sum);
        }
    }

    @Test
    void refusesPartialBlocksAndUnknownTypes() {
        assertThatThrownBy(() -> Quantizers.of(GgmlType.Q4_K).quantize(new float[100], 0, 100, Arena.ofAuto().allocate(200), 0))
                .hasMessageContaining("100 elements are not a whole number of Q4_K blocks of 256");
        assertThatThrownBy(() -> Quantizers.of(GgmlType.IQ2_XS)).hasMessageContaining("no reference quantizer for IQ2_XS");
        assertThat(Quantizers.supportedTypes()).contains(GgmlType.F32, GgmlType.BF16, GgmlType.Q6_K, GgmlType.Q8_K);
    }

    static float[] roundTrip(GgmlType type, float[] x) {
        Quantizer q = Quantizers.of(type);
        MemorySegment encoded = Arena.ofAuto().allocate(q.byteSize(x.length));
        q.quantize(x, 0, x.length, encoded, 0);
        float[] back = new float[x.length];
        TestDecoder.decode(type, encoded, 0, x.length, back);
        return back;
    }

    static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * 0.02);
        }
        return x;
    }

    static double nmse(float[] want, float[] got) {
        double err = 0;
        double ref = 0;
        for (int i = 0; i < want.length; i++) {
            err += (double) (want[i] - got[i]) * (want[i] - got[i]);
            ref += (double) want[i] * want[i];
        }
        return err / ref;
    }
}
