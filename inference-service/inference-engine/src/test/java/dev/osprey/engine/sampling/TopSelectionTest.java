package dev.osprey.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopSelectionTest {

    @Test
    void keysOrderByLogitThenByLowerId() {
        float[] ascending = {Float.NEGATIVE_INFINITY, -1e30f, -2.5f, -1f, -Float.MIN_VALUE, 0f, Float.MIN_VALUE, 1f, 3e38f};
        for (int i = 1; i < ascending.length; i++) {
            assertThat(TopSelection.key(ascending[i], 5)).isGreaterThan(TopSelection.key(ascending[i - 1], 5));
        }
        assertThat(TopSelection.key(1f, 3)).isGreaterThan(TopSelection.key(1f, 4));
        assertThat(TopSelection.key(-0.0f, 7)).isEqualTo(TopSelection.key(0.0f, 7));
        for (float v : ascending) {
            long key = TopSelection.key(v, 123_456);
            assertThat(TopSelection.id(key)).isEqualTo(123_456);
            assertThat(TopSelection.logit(key)).isEqualTo(v);
        }
    }

    @Test
    void selectMatchesAFullSortWithTies() {
        Random r = new Random(17);
        TopSelection selection = new TopSelection();
        for (int trial = 0; trial < 100; trial++) {
            int n = 1 + r.nextInt(400);
            float[] row = new float[n + 3];
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextInt(20) - 10;
            }
            int m = 1 + r.nextInt(n + 5);
            int[] out = new int[Math.min(m, n)];
            int got = selection.select(row, 3, null, n, m, out);
            assertThat(got).isEqualTo(Math.min(m, n));
            assertThat(out).containsExactly(Arrays.copyOf(reference(row, 3, n), got));
        }
    }

    @Test
    void selectAndSortWorkOnASubsetOfIds() {
        float[] row = {5, 1, 4, 4, 9, 0};
        int[] ids = {5, 3, 1, 2};
        int[] out = new int[2];
        assertThat(new TopSelection().select(row, 0, ids, 4, 2, out)).isEqualTo(2);
        assertThat(out).containsExactly(2, 3);
        new TopSelection().sort(row, 0, ids, 4);
        assertThat(ids).containsExactly(2, 3, 1, 5);
    }

    private static int[] reference(float[] row, int offset, int n) {
        return java.util.stream.IntStream.range(0, n).boxed()
                .sorted((a, b) -> row[offset + a] != row[offset + b]
                        ? Float.compare(row[offset + b], row[offset + a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }
}
