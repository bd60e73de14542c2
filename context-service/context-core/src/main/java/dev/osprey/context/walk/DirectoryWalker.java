package dev.osprey.context.walk;

import dev.osprey.context.index.FileContent;
import dev.osprey.context.index.IndexingBudget;
import dev.osprey.context.index.IndexingLimits;
import dev.osprey.context.index.SkippedFile;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Reads a local directory for indexing. Symbolic links are never followed: one pointing outside the root is skipped
 * as {@code "symlink outside root"}, one pointing inside as {@code "symlink inside root"} (its target is indexed under
 * its own path). {@code .git} is skipped; {@code .gitignore} files at the root and in subdirectories apply with git's
 * rules (JGit's {@link IgnoreNode}: deeper files win, negations, directory-only patterns), and so do those of the
 * enclosing directories up to the git work tree's root and its {@code .git/info/exclude} (see {@link GitExcludes});
 * the directories between the work tree's root and the walked one are not themselves tested, as the caller named
 * them. A directory on a special filesystem (a mount of proc, sysfs, devtmpfs and the like) is skipped as
 * {@code "special filesystem"}; binary, invalid UTF-8 and oversized files are skipped and reported.
 */
public final class DirectoryWalker {
    private final long maxFileBytes;

    public DirectoryWalker(long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
    }

    /** Walks {@code root} without limits. */
    public WalkResult walk(Path root) throws IOException {
        return walk(root, IndexingLimits.UNLIMITED.start());
    }

    /**
     * Walks {@code root}, counting every file read against {@code budget}.
     *
     * @throws PathNotAllowedException when {@code root} is on a special filesystem
     * @throws dev.osprey.context.index.IndexingLimitException when the walk goes beyond the budget
     */
    public WalkResult walk(Path root, IndexingBudget budget) throws IOException {
        Path realRoot = root.toRealPath();
        if (SpecialFileSystems.contains(realRoot)) {
            throw new PathNotAllowedException("'" + root + "' is on a special filesystem (/proc, /sys, /dev and their"
                    + " kin are never indexed)");
        }
        Map<String, byte[]> files = new TreeMap<>();
        List<SkippedFile> skipped = new ArrayList<>();
        Deque<IgnoreRules> rules = new ArrayDeque<>(GitExcludes.enclosing(realRoot)); // innermost first
        Deque<Object> devices = new ArrayDeque<>(); // device of each directory being visited, innermost first
        int[] ignored = {0};
        Files.walkFileTree(realRoot, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                budget.checkTime();
                String rel = relative(realRoot, dir);
                if (!rel.isEmpty()) {
                    if (dir.getFileName().toString().equals(".git")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (isIgnored(rules, rel, true)) {
                        ignored[0]++;
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }
                Object device = device(dir);
                if (!devices.isEmpty() && !Objects.equals(device, devices.peek()) && SpecialFileSystems.contains(dir)) {
                    skipped.add(new SkippedFile(rel, "special filesystem"));
                    return FileVisitResult.SKIP_SUBTREE;
                }
                devices.push(device);
                IgnoreNode node = GitExcludes.parse(dir.resolve(".gitignore"));
                rules.push(IgnoreRules.inside(rel, node == null ? new IgnoreNode() : node));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                rules.pop();
                devices.pop();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(realRoot, file);
                if (attrs.isSymbolicLink()) {
                    if (isIgnored(rules, rel, false)) {
                        ignored[0]++;
                        return FileVisitResult.CONTINUE;
                    }
                    Path target;
                    try {
                        target = file.toRealPath();
                    } catch (IOException e) {
                        skipped.add(new SkippedFile(rel, "broken symlink"));
                        return FileVisitResult.CONTINUE;
                    }
                    skipped.add(new SkippedFile(rel, target.startsWith(realRoot) ? "symlink inside root" : "symlink outside root"));
                    return FileVisitResult.CONTINUE;
                }
                if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                if (isIgnored(rules, rel, false)) {
                    ignored[0]++;
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.size() > maxFileBytes) {
                    budget.file(0);
                    skipped.add(new SkippedFile(rel, "oversized: " + attrs.size() + " bytes > " + maxFileBytes));
                    return FileVisitResult.CONTINUE;
                }
                budget.file(attrs.size());
                try {
                    byte[] content = Files.readAllBytes(file);
                    var rejection = FileContent.rejection(rel, content, maxFileBytes);
                    if (rejection.isPresent()) {
                        skipped.add(new SkippedFile(rel, rejection.get()));
                    } else {
                        files.put(rel, content);
                    }
                } catch (IOException e) {
                    skipped.add(new SkippedFile(rel, "unreadable: " + e.getMessage()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                skipped.add(new SkippedFile(relative(realRoot, file), "unreadable: " + exc.getMessage()));
                return FileVisitResult.CONTINUE;
            }
        });
        skipped.sort(Comparator.comparing(SkippedFile::path));
        return new WalkResult(files, skipped, ignored[0]);
    }

    /** The device a directory lives on (a mount point starts a new one), or its file store where that is unknown. */
    private static Object device(Path dir) throws IOException {
        try {
            return Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.getFileStore(dir).name();
        }
    }

    /** The innermost rules that decide win; {@code CHECK_PARENT} defers to the next one out. */
    private static boolean isIgnored(Deque<IgnoreRules> rules, String rel, boolean directory) {
        for (IgnoreRules r : rules) {
            IgnoreNode.MatchResult result = r.match(rel, directory);
            if (result == IgnoreNode.MatchResult.IGNORED) {
                return true;
            }
            if (result == IgnoreNode.MatchResult.NOT_IGNORED) {
                return false;
            }
        }
        return false;
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
    }
}
