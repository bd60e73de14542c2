package dev.osprey.context.symbol;

import java.util.ArrayDeque;
import java.util.Deque;

/** Repository-relative paths ({@code /}-separated, no leading slash). */
final class Paths {
    private Paths() {
    }

    /** {@code a/b/c.py} → {@code a/b}; {@code c.py} → {@code ""}. */
    static String directory(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code a/b/c.py} → {@code c.py}. */
    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code relative} against {@code directory}, {@code .} and {@code ..} applied; null when it leaves the root. */
    static String resolve(String directory, String relative) {
        Deque<String> parts = new ArrayDeque<>();
        String joined = directory.isEmpty() ? relative : directory + "/" + relative;
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
