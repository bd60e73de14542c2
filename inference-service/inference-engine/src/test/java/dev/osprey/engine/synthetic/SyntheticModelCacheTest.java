package dev.osprey.engine.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticModelCacheTest {
    private static final SyntheticSpec SPEC = new SyntheticSpec(SyntheticModelWriterTest.TINY_QWEN, GgmlType.Q8_0);

    @TempDir
    Path dir;

    @Test
    void writesOnceUnderTheSpecsName() throws IOException {
        SyntheticModelCache cache = new SyntheticModelCache(dir.resolve("cache"), new SyntheticModelWriter(2));
        Path path = cache.get(SPEC, 5);
        assertThat(path).isEqualTo(dir.resolve("cache/tiny-qwen2-q8_0-v2-seed5.gguf")).isEqualTo(cache.pathFor(SPEC, 5));
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(path, old);
        assertThat(cache.get(SPEC, 5)).isEqualTo(path);
        assertThat(Files.getLastModifiedTime(path)).isEqualTo(old);
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.metadata().getString("general.name")).isEqualTo("tiny-qwen2-synthetic-seed5");
        }
    }

    @Test
    void leavesNoPartialFilesAndClearsThoseOfKilledWrites() throws IOException {
        SyntheticModelCache cache = new SyntheticModelCache(dir, new SyntheticModelWriter(1));
        Path killed = dir.resolve(".tiny-qwen2-q8_0-v2-seed1.gguf.99999.tmp");
        Files.write(killed, new byte[123]);
        cache.get(SPEC, 1);
        assertThat(killed).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tiny-qwen2-q8_0-v2-seed1.gguf", ".tiny-qwen2-q8_0-v2-seed1.gguf.lock");
        }
    }

    @Test
    void concurrentCallersShareOneWrite() throws Exception {
        SyntheticModelCache cache = new SyntheticModelCache(dir, new SyntheticModelWriter(1));
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<Path>> paths = pool.invokeAll(List.of(() -> cache.get(SPEC, 2), () -> cache.get(SPEC, 2),
                    () -> cache.get(SPEC, 2)));
            for (Future<Path> p : paths) {
                assertThat(p.get()).isEqualTo(cache.pathFor(SPEC, 2));
            }
        }
        Path reference = dir.resolve("reference.gguf");
        new SyntheticModelWriter(2).write(SPEC, 2, reference);
        assertThat(Files.mismatch(cache.pathFor(SPEC, 2), reference)).isEqualTo(-1);
    }

    @Test
    void defaultDirectoryFollowsXdgUnlessOverridden() {
        if (System.getenv("OSPREY_SYNTHETIC_CACHE") != null) {
            return;
        }
        String previous = System.getProperty("osprey.synthetic.cache");
        try {
            System.setProperty("osprey.synthetic.cache", dir.toString());
            assertThat(SyntheticModelCache.defaultDirectory()).isEqualTo(dir);
            System.clearProperty("osprey.synthetic.cache");
            assertThat(SyntheticModelCache.defaultDirectory()).endsWithRaw(Path.of("osprey", "synthetic")); // raw: the directory need not exist
        } finally {
            if (previous != null) {
                System.setProperty("osprey.synthetic.cache", previous);
            }
        }
    }
}
