package dev.osprey.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServingBenchmarkDecodeTest {
    private static final long MS = 1_000_000L;

    @Test
    void oneStreamDecodesFromItsFirstTokenToItsLast() {
        // 5 tokens 10 ms apart: 4 decoded in 40 ms
        assertThat(ServingBenchmark.decodeTps(List.of(List.of(0L, 10 * MS, 20 * MS, 30 * MS, 40 * MS))))
                .isCloseTo(100.0, within(1e-9));
    }

    @Test
    void aStreamStillInPrefillAndATailOfOneStreamAreLeftOut() {
        // the first stream decodes alone for 100 ms while the second prefills, then both decode every 10 ms for
        // 50 ms, then the first decodes alone again: together, 10 tokens in 50 ms
        List<Long> first = new java.util.ArrayList<>();
        for (long t = 0; t <= 200; t += 10) {
            first.add(t * MS);
        }
        List<Long> second = List.of(100 * MS, 110 * MS, 120 * MS, 130 * MS, 140 * MS, 150 * MS);
        assertThat(ServingBenchmark.decodeTps(List.of(first, second))).isCloseTo(200.0, within(1e-9));
    }

    @Test
    void streamsThatNeverDecodeTogetherHaveNoFigure() {
        assertThat(ServingBenchmark.decodeTps(List.of(List.of(0L, 10 * MS), List.of(20 * MS, 30 * MS)))).isNaN();
    }
}
