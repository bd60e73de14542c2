package dev.osprey.context.walk;

import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * One ignore file's rules as the walk applies them: a path relative to the walked directory loses
 * {@code dir} (the holding directory inside the walk, "" for the walk's root or above) and gains
 * {@code prefix} (the path from a holding directory above the walk down to the walk's root), giving the
 * path relative to the file's own directory, which is what its patterns mean.
 */
record IgnoreRules(String dir, String prefix, IgnoreNode node) {

    /** Rules of a {@code .gitignore} at {@code dir} inside the walk. */
    static IgnoreRules inside(String dir, IgnoreNode node) {
        return new IgnoreRules(dir, "", node);
    }

    /** Rules of a file above the walk, {@code prefix} from its directory down to the walk's root. */
    static IgnoreRules inherited(String prefix, IgnoreNode node) {
        return new IgnoreRules("", prefix, node);
    }

    /** @param rel relative to the walk's root, under {@link #dir} */
    IgnoreNode.MatchResult match(String rel, boolean directory) {
        String sub = dir.isEmpty() ? rel : rel.substring(dir.length() + 1);
        return node.isIgnored(prefix + sub, directory);
    }
}
