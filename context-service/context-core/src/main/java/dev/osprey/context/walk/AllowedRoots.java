package dev.osprey.context.walk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The directories of this machine that may be indexed: a requested directory must lie inside one of
 * them after every symlink and {@code ..} is resolved, and must not be on a special filesystem (even
 * inside a root). No roots: no directory may be indexed.
 *
 * <p>A requested path that lies lexically outside every root is refused before the filesystem is
 * touched, so the refusal discloses nothing about what exists there.
 */
public final class AllowedRoots {
    private final List<Path> roots; // absolute, normalised, as configured

    /** @param roots absolute directories; they need not exist (one that does not admits nothing) */
    public AllowedRoots(List<Path> roots) {
        List<Path> normalised = new ArrayList<>();
        for (Path root : roots) {
            if (!root.isAbsolute()) {
                throw new IllegalArgumentException("allowed root '" + root + "' is not an absolute directory");
            }
            normalised.add(root.normalize());
        }
        this.roots = List.copyOf(normalised);
    }

    public static AllowedRoots none() {
        return new AllowedRoots(List.of());
    }

    public boolean isEmpty() {
        return roots.isEmpty();
    }

    /**
     * The real path of {@code requested} once it is checked to be an allowed directory.
     *
     * @param requested an absolute path
     * @throws PathNotAllowedException outside every root (after resolving symlinks and {@code ..}), or on
     *     a special filesystem; the message names the roots
     * @throws IllegalArgumentException inside a root but not an existing directory
     */
    public Path resolve(Path requested) {
        if (!requested.isAbsolute()) {
            throw new IllegalArgumentException("'" + requested + "' is not an absolute path");
        }
        if (roots.isEmpty()) {
            throw new PathNotAllowedException("indexing directories on the server is disabled: no allowed roots"
                    + " are configured", true);
        }
        List<Path> realRoots = realRoots();
        Path lexical = requested.normalize();
        if (!insideAny(lexical, roots) && !insideAny(lexical, realRoots)) {
            throw outside(requested);
        }
        Path real;
        try {
            real = requested.toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("'" + requested + "' does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + requested + "' cannot be resolved: " + e.getMessage());
        }
        if (!insideAny(real, realRoots)) {
            throw outside(requested);
        }
        try {
            if (SpecialFileSystems.contains(real)) {
                throw new PathNotAllowedException("'" + requested + "' is on a special filesystem (/proc, /sys,"
                        + " /dev and their kin are never indexed); allowed roots: " + describe());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + requested + "' cannot be examined: " + e.getMessage());
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("'" + requested + "' is not a directory");
        }
        return real;
    }

    /** The configured roots, comma-separated. */
    public String describe() {
        return roots.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    private PathNotAllowedException outside(Path requested) {
        return new PathNotAllowedException("'" + requested + "' is outside the allowed roots (after resolving"
                + " symlinks and '..'): " + describe());
    }

    private List<Path> realRoots() {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                // a root that does not exist admits nothing
            }
        }
        return real;
    }

    private static boolean insideAny(Path path, List<Path> candidates) {
        for (Path root : candidates) {
            if (path.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "AllowedRoots[" + describe() + "]";
    }
}
