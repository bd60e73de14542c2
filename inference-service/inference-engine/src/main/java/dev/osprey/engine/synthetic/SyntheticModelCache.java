package dev.osprey.engine.synthetic;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Synthetic model files kept on disk, each written once: {@code DIR/NAME-TYPE-LAYOUT-seedS.gguf}. A file is
 * written under a temporary name and renamed into place atomically, so a killed write never leaves
 * a partial file under the final name; a per-file lock (in this JVM and, through a lock file,
 * between processes) makes concurrent callers wait for one writer instead of writing twice.
 *
 * <p>The default directory is {@code $OSPREY_SYNTHETIC_CACHE}, else the system property
 * {@code osprey.synthetic.cache}, else {@code ${XDG_CACHE_HOME:-~/.cache}/osprey/synthetic}.
 *
 * <p>{@code main} prints the path for a spec, writing the file first if needed:
 * {@code SyntheticModelCache qwen2-0.5b:q8_0 [seed]}.
 */
public final class SyntheticModelCache {
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path directory;
    private final SyntheticModelWriter writer;

    public SyntheticModelCache(Path directory, SyntheticModelWriter writer) {
        this.directory = directory.toAbsolutePath();
        this.writer = writer;
    }

    /** The cache in {@link #defaultDirectory()}, writing with all available processors. */
    public static SyntheticModelCache atDefaultDirectory() {
        return new SyntheticModelCache(defaultDirectory(), new SyntheticModelWriter());
    }

    public static Path defaultDirectory() {
        String override = System.getenv("OSPREY_SYNTHETIC_CACHE");
        if (override == null || override.isBlank()) {
            override = System.getProperty("osprey.synthetic.cache");
        }
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("osprey").resolve("synthetic");
    }

    public Path directory() {
        return directory;
    }

    /** Where {@code spec} with {@code seed} lives in this cache, whether or not it exists yet. */
    public Path pathFor(SyntheticSpec spec, long seed) {
        return directory.resolve(spec.model().name() + "-" + spec.recipe().name() + "-" + LAYOUT + "-seed" + seed
                + ".gguf");
    }

    /** Bumped when the same spec and seed start to produce other bytes (v2: llama-quantize's fallback types). */
    static final String LAYOUT = "v2";

    /** The file for {@code spec} with {@code seed}, written first if it is not in the cache. */
    public Path get(SyntheticSpec spec, long seed) throws IOException {
        Path target = pathFor(spec, seed);
        if (Files.isRegularFile(target)) {
            return target;
        }
        Files.createDirectories(directory);
        ReentrantLock lock = LOCKS.computeIfAbsent(target, p -> new ReentrantLock());
        lock.lock();
        try (FileChannel lockFile = FileChannel.open(lockPath(target), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = lockFile.lock()) {
            if (!Files.isRegularFile(target) && held.isValid()) {
                deleteStaleTemporaries(target);
                Path temporary = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                try {
                    writer.write(spec, seed, temporary);
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
            }
            return target;
        } finally {
            lock.unlock();
        }
    }

    private static Path lockPath(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".lock");
    }

    /** Temporary files of writes that were killed; only called while holding the target's lock. */
    private static void deleteStaleTemporaries(Path target) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(target.getParent(), "." + target.getFileName() + ".*.tmp")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: SyntheticModelCache NAME:TYPE [SEED]   e.g. qwen2-0.5b:q8_0 (presets: "
                    + String.join(", ", SyntheticModel.presets().keySet()) + ")");
            System.exit(2);
        }
        SyntheticSpec spec = SyntheticSpec.parse(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 0;
        SyntheticModelCache cache = atDefaultDirectory();
        long start = System.nanoTime();
        boolean existed = Files.isRegularFile(cache.pathFor(spec, seed));
        Path path = cache.get(spec, seed);
        System.err.printf("%s %s in %.1f s (%d bytes)%n", existed ? "found" : "wrote", spec,
                (System.nanoTime() - start) / 1e9, Files.size(path));
        System.out.println(path);
    }
}
