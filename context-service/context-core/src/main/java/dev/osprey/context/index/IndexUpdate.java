package dev.osprey.context.index;

import java.util.List;

/**
 * What one {@link RepositoryIndex} update did.
 *
 * @param indexed   files (re-)chunked and written, in path order
 * @param unchanged files whose content hash matched the indexed one: not re-chunked
 * @param deleted   files removed (absent from a full {@link RepositoryIndex#sync sync})
 * @param skipped   files refused, with the reason
 * @param chunks    chunks written for {@code indexed}
 */
public record IndexUpdate(List<String> indexed, List<String> unchanged, List<String> deleted, List<SkippedFile> skipped,
                          int chunks) {
    public IndexUpdate {
        indexed = List.copyOf(indexed);
        unchanged = List.copyOf(unchanged);
        deleted = List.copyOf(deleted);
        skipped = List.copyOf(skipped);
    }
}
