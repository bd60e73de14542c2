package dev.osprey.standalone.model;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCacheTest {

    @Test
    void ospreyHomeWinsOverTheUserCache() {
        assertThat(ModelCache.fromEnvironment(Map.of("OSPREY_HOME", "/srv/osprey"), "/home/u").root())
                .isEqualTo(Path.of("/srv/osprey/models"));
        assertThat(ModelCache.fromEnvironment(Map.of(), "/home/u").root())
                .isEqualTo(Path.of("/home/u/.cache/osprey/models"));
    }

    @Test
    void layoutIsOwnerRepoRevisionPath() {
        var cache = new ModelCache(Path.of("/c"));
        assertThat(cache.pathFor(new ModelReference.HuggingFace("o", "r", "abc123", "d/e/f.gguf")))
                .isEqualTo(Path.of("/c/o/r/abc123/d/e/f.gguf"));
        assertThat(ModelCache.partFile(Path.of("/c/f.gguf"))).isEqualTo(Path.of("/c/f.gguf.part"));
        assertThat(ModelCache.digestFile(Path.of("/c/f.gguf"))).isEqualTo(Path.of("/c/f.gguf.sha256"));
    }
}
