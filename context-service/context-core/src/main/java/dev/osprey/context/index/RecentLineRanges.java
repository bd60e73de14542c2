package dev.osprey.context.index;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Line ranges of indexed files read lately, each kept with the version of the index reader that read it and returned
 * only to a reader of that version, so a file changed since is read anew. Request after request needs the same
 * definitions' lines (the types a package's code keeps using); reading them means a query and decompressing stored
 * chunks. Holds up to {@code maxChars} characters of text, least recently used dropped first; longer texts are not
 * kept. Thread-safe.
 */
final class RecentLineRanges {
    private record Key(long version, String path, int startLine, int endLine) {
    }

    private final long maxChars;
    private final int maxTextChars;
    private long chars;
    private final LinkedHashMap<Key, String> texts = new LinkedHashMap<>(256, 0.75f, true);

    RecentLineRanges(long maxChars, int maxTextChars) {
        this.maxChars = maxChars;
        this.maxTextChars = maxTextChars;
    }

    synchronized Optional<String> get(long version, String path, int startLine, int endLine) {
        return Optional.ofNullable(texts.get(new Key(version, path, startLine, endLine)));
    }

    synchronized void put(long version, String path, int startLine, int endLine, String text) {
        if (text.length() > maxTextChars) {
            return;
        }
        String old = texts.put(new Key(version, path, startLine, endLine), text);
        chars += text.length() - (old == null ? 0 : old.length());
        var eldest = texts.entrySet().iterator();
        while (chars > maxChars && eldest.hasNext()) {
            Map.Entry<Key, String> e = eldest.next();
            chars -= e.getValue().length();
            eldest.remove();
        }
    }

    /** Drops everything: what was read belongs to readers older than the next one. */
    synchronized void clear() {
        texts.clear();
        chars = 0;
    }

    synchronized int size() {
        return texts.size();
    }
}
