package dev.osprey.context.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {
    @Test
    void sumsReciprocalRanks() {
        Map<String, Double> fused = ReciprocalRankFusion.fuse(List.of(List.of("a", "b", "c"), List.of("c", "a")), 60);
        // a: 1/61 + 1/62, c: 1/63 + 1/61, b: 1/62
        assertThat(fused.keySet()).containsExactly("a", "c", "b");
        assertThat(fused.get("a")).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-12));
        assertThat(fused.get("c")).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12));
        assertThat(fused.get("b")).isCloseTo(1.0 / 62, within(1e-12));
    }

    @Test
    void tiesKeepFirstSeenOrder() {
        assertThat(ReciprocalRankFusion.fuse(List.of(List.of("x"), List.of("y")), 60).keySet()).containsExactly("x", "y");
    }

    @Test
    void weightsScaleEachListsSay() {
        // b leads list 2 but list 2 counts half: a = 1/61 + 0.5/62, b = 1/62 + 0.5/61
        Map<String, Double> fused = ReciprocalRankFusion.fuse(List.of(List.of("a", "b"), List.of("b", "a")),
                new double[] {1.0, 0.5}, 60);
        assertThat(fused.keySet()).containsExactly("a", "b");
        assertThat(fused.get("a")).isCloseTo(1.0 / 61 + 0.5 / 62, within(1e-12));
        assertThat(fused.get("b")).isCloseTo(1.0 / 62 + 0.5 / 61, within(1e-12));
        assertThat(ReciprocalRankFusion.fuse(List.of(List.of("a", "b"), List.of("b", "a")), new double[] {0.5, 1.0}, 60)
                .keySet()).containsExactly("b", "a");
    }
}
