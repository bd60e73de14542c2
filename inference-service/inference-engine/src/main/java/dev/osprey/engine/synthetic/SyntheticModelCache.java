package dev.osprey.engine.synthetic;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Synthetic models written once into a cache directory ({@code $XDG_CACHE_HOME/osprey/synthetic}, else
 * {@code ~/.cache/osprey/synthetic}; {@code OSPREY_CACHE_DIR} overrides the {@code osprey} part). A
 * file is written under a temporary name and renamed into place, so an interrupted write never leaves
 * a half file behind.
 */
public final class SyntheticModelCache {
    private final Path directory;

    public SyntheticModelCache(Path directory) {
        this.directory = directory;
    }

    public static SyntheticModelCache defaultCache() {
        String osprey = System.getenv("OSPREY_CACHE_DIR");
        if (osprey != null && !osprey.isBlank()) {
            return new SyntheticModelCache(Path.of(osprey).resolve("synthetic"));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new SyntheticModelCache(base.resolve("osprey").resolve("synthetic"));
    }

    /** The model file for {@code spec} and {@code seed}, written first if the cache lacks it. */
    public Path obtain(SyntheticSpec spec, long seed, Consumer<String> progress) throws IOException {
        Path target = directory.resolve(spec.fileStem() + "-seed" + seed + ".gguf");
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, spec.fileStem() + "-", ".partial");
        try {
            long start = System.nanoTime();
            progress.accept("writing synthetic model " + target + " (once)...");
            SyntheticModelWriter.write(spec, seed, partial);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            progress.accept(String.format("wrote %.0f MB in %.1f s", Files.size(target) / 1e6,
                    (System.nanoTime() - start) / 1e9));
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
