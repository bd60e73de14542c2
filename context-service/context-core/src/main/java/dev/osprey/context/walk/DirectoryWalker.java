package dev.osprey.context.walk;

import dev.osprey.context.index.FileContent;
import dev.osprey.context.index.SkippedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Reads a local directory for indexing. Symbolic links are never followed: one pointing outside the root is skipped
 * as {@code "symlink outside root"}, one pointing inside as {@code "symlink inside root"} (its target is indexed under
 * its own path). {@code .git} is skipped; {@code .gitignore} files at the root and in subdirectories apply with git's
 * rules (JGit's {@link IgnoreNode}: deeper files win, negations, directory-only patterns); binary, invalid UTF-8 and
 * oversized files are skipped and reported.
 */
public final class DirectoryWalker {
    private final long maxFileBytes;

    public DirectoryWalker(long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
    }

    public WalkResult walk(Path root) throws IOException {
        Path realRoot = root.toRealPath();
        Map<String, byte[]> files = new TreeMap<>();
        List<SkippedFile> skipped = new ArrayList<>();
        Deque<Rules> rules = new ArrayDeque<>();
        int[] ignored = {0};
        Files.walkFileTree(realRoot, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
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
                Path gitignore = dir.resolve(".gitignore");
                IgnoreNode node = new IgnoreNode();
                if (Files.isRegularFile(gitignore, LinkOption.NOFOLLOW_LINKS)) {
                    try (InputStream in = Files.newInputStream(gitignore)) {
                        node.parse(in);
                    }
                }
                rules.push(new Rules(rel, node));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                rules.pop();
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
                    skipped.add(new SkippedFile(rel, "oversized: " + attrs.size() + " bytes > " + maxFileBytes));
                    return FileVisitResult.CONTINUE;
                }
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
        skipped.sort(java.util.Comparator.comparing(SkippedFile::path));
        return new WalkResult(files, skipped, ignored[0]);
    }

    /** The deepest directory's rules that decide win; {@code CHECK_PARENT} defers to the next one up. */
    private static boolean isIgnored(Deque<Rules> rules, String rel, boolean directory) {
        for (Rules r : rules) { // innermost first
            String sub = r.dir.isEmpty() ? rel : rel.substring(r.dir.length() + 1);
            IgnoreNode.MatchResult result = r.node.isIgnored(sub, directory);
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

    private record Rules(String dir, IgnoreNode node) {
    }
}
