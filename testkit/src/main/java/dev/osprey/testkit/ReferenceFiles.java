package dev.osprey.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * Reference data bundled with the test kit (see {@code reference/README.md} for provenance), as real
 * files: memory-mapped readers need a path. Each file is written once per JVM to a temporary
 * directory; {@code name.gz} resources are decompressed to {@code name}.
 */
public final class ReferenceFiles {
    private static final String ROOT = "/dev/osprey/testkit/reference/";
    private static final Map<String, Path> MATERIALIZED = new ConcurrentHashMap<>();
    private static volatile Path directory;

    private ReferenceFiles() {
    }

    /**
     * @param name a path below {@code reference/}, e.g. {@code "tokenizer-vectors/ggml-vocab-gpt-2.gguf"}
     * @return a readable file with that content
     * @throws IllegalArgumentException if the test kit has no such file (plain or gzipped)
     */
    public static Path path(String name) {
        return MATERIALIZED.computeIfAbsent(name, ReferenceFiles::materialize);
    }

    /** Whether the test kit has {@code name} (plain or gzipped). */
    public static boolean exists(String name) {
        return ReferenceFiles.class.getResource(ROOT + name) != null
                || ReferenceFiles.class.getResource(ROOT + name + ".gz") != null;
    }

    private static Path materialize(String name) {
        try {
            Path target = directory().resolve(name);
            Files.createDirectories(target.getParent());
            try (InputStream plain = ReferenceFiles.class.getResourceAsStream(ROOT + name)) {
                if (plain != null) {
                    Files.copy(plain, target, StandardCopyOption.REPLACE_EXISTING);
                    return target;
                }
            }
            try (InputStream gz = ReferenceFiles.class.getResourceAsStream(ROOT + name + ".gz")) {
                if (gz == null) {
                    throw new IllegalArgumentException("no reference file '" + name + "' in the test kit");
                }
                try (InputStream in = new GZIPInputStream(gz)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot materialize reference file " + name, e);
        }
    }

    private static Path directory() throws IOException {
        Path dir = directory;
        if (dir == null) {
            synchronized (ReferenceFiles.class) {
                dir = directory;
                if (dir == null) {
                    dir = Files.createTempDirectory("osprey-reference-");
                    Path created = dir;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(created)));
                    directory = dir;
                }
            }
        }
        return dir;
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at JVM exit
        }
    }
}
