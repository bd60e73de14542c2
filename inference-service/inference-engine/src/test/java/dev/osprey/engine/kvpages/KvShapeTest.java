package dev.osprey.engine.kvpages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KvShapeTest {

    /** llama.cpp's KV bytes per token: F16 2 * layers * kvHeads * headDim * 2; Q8_0 34 bytes per 32 elements. */
    @Test
    void bytesPerTokenEqualLlamaCppsForTheSameType() {
        // Qwen2.5-0.5B: 24 layers, 2 KV heads of 64; Llama-3.2-1B: 16 layers, 8 KV heads of 64
        assertThat(new KvShape(24, 2, 64, 64, KvType.F16).bytesPerToken()).isEqualTo(2L * 24 * 2 * 64 * 2).isEqualTo(12288);
        assertThat(new KvShape(16, 8, 64, 64, KvType.F16).bytesPerToken()).isEqualTo(2L * 16 * 8 * 64 * 2);
        assertThat(new KvShape(24, 2, 64, 64, KvType.Q8_0).bytesPerToken()).isEqualTo(2L * 24 * (2 * 64 / 32) * 34);
        assertThat(new KvShape(24, 2, 64, 64, KvType.F32).bytesPerToken()).isEqualTo(2L * 24 * 2 * 64 * 4);
        KvPages pages = KvPages.allocate(new KvShape(24, 2, 64, 64, KvType.F16), 16, 3, Arena.ofAuto());
        assertThat(pages.byteSize()).isEqualTo(3L * 16 * 12288);
    }

    @Test
    void rowsRoundTripWithinTheirTypesPrecision() {
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 4 - 2);
        }
        try (Arena arena = Arena.ofConfined()) {
            var row = arena.allocate(256);
            for (KvType t : KvType.values()) {
                float[] back = new float[64];
                t.encode(x, 0, 64, row, 0);
                t.decode(row, 0, 64, back, 0);
                float tolerance = switch (t) {
                    case F32 -> 0f;
                    case F16 -> 2f / 1024;
                    case Q8_0 -> 2f / 127;
                };
                for (int i = 0; i < 64; i++) {
                    assertThat(Math.abs(back[i] - x[i])).as("%s element %d", t, i).isLessThanOrEqualTo(tolerance);
                }
            }
        }
    }

    @Test
    void badShapesAndNamesAreRefused() {
        assertThatThrownBy(() -> new KvShape(0, 1, 64, 64, KvType.F16)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new KvShape(1, 1, 80, 80, KvType.Q8_0)).hasMessageContaining("multiple of 32");
        assertThatThrownBy(() -> KvType.parse("q4_0")).hasMessageContaining("f16, q8_0 or f32");
        assertThat(KvType.parse(" Q8_0 ")).isEqualTo(KvType.Q8_0);
        assertThatThrownBy(() -> KvPages.allocate(new KvShape(1, 1, 64, 64, KvType.F16), 16, 1, Arena.ofAuto())
                .write(0, 1, 0, new float[64], 0, new float[64], 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
