package dev.osprey.context.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        MiniLmEmbedder embedder = new MiniLmEmbedder();
        float[][] v = embedder.embed(List.of(
                "read the whole file into a string",
                "load a file's contents as text",
                "the weather in Lisbon is sunny today"));
        assertThat(v).hasNumberOfRows(3);
        assertThat(v[0]).hasSize(embedder.dimension());
        assertThat(cosine(v[0], v[1])).isGreaterThan(cosine(v[0], v[2]) + 0.1);
    }

    @Test
    void blankTextsGetTheZeroVector() {
        float[][] v = new MiniLmEmbedder().embed(List.of("  \n", "int x = 1;"));
        assertThat(v[0]).containsOnly(0f).hasSize(384);
        assertThat(v[1]).hasSize(384).isNotEqualTo(new float[384]);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
