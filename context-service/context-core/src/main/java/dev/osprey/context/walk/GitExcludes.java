package dev.osprey.context.walk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The ignore rules a directory inherits from the git work tree around it: the {@code .gitignore} files
 * of its enclosing directories up to the work tree's root (the nearest directory holding {@code .git}),
 * then that repository's {@code .git/info/exclude}. Each rule set carries the path from the directory
 * whose file holds it down to the walked directory, so patterns keep git's meaning (relative to their
 * file's directory).
 */
final class GitExcludes {
    private GitExcludes() {
    }

    /**
     * The inherited rule sets, nearest first (the order in which they decide), for {@code realRoot};
     * empty outside a work tree. The walked directory's own {@code .gitignore} is not among them.
     */
    static List<IgnoreRules> enclosing(Path realRoot) throws IOException {
        Path workTree = workTreeRoot(realRoot);
        if (workTree == null) {
            return List.of();
        }
        List<IgnoreRules> rules = new ArrayList<>();
        for (Path dir = realRoot.getParent(); dir != null && dir.startsWith(workTree); dir = dir.getParent()) {
            IgnoreNode node = parse(dir.resolve(".gitignore"));
            if (node != null) {
                rules.add(IgnoreRules.inherited(prefix(dir, realRoot), node));
            }
        }
        IgnoreNode exclude = parse(workTree.resolve(".git").resolve("info").resolve("exclude"));
        if (exclude != null) {
            rules.add(IgnoreRules.inherited(prefix(workTree, realRoot), exclude));
        }
        return rules;
    }

    /** The nearest directory, {@code dir} included, that holds a {@code .git} directory or file; or null. */
    static Path workTreeRoot(Path dir) {
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
        return null;
    }

    /** The rules of a regular file (symlinks are not followed), or null when there is none. */
    static IgnoreNode parse(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            node.parse(in);
        }
        return node;
    }

    /** {@code descendant} relative to {@code ancestor}, '/'-separated, with a trailing '/' ("" when equal). */
    private static String prefix(Path ancestor, Path descendant) {
        String rel = ancestor.relativize(descendant).toString().replace(descendant.getFileSystem().getSeparator(), "/");
        return rel.isEmpty() ? "" : rel + "/";
    }
}
