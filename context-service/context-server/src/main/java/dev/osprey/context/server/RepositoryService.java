package dev.osprey.context.server;

import dev.osprey.api.v1.IndexReport;
import dev.osprey.api.v1.RepositoryInfo;
import dev.osprey.api.v1.SearchMode;
import dev.osprey.api.v1.SearchResponse;
import dev.osprey.api.v1.SkippedFile;
import dev.osprey.context.plan.Snippet;
import java.nio.file.Path;
import dev.osprey.context.retrieval.RecentFile;
import java.util.List;

/**
 * The repository index as the gRPC service sees it. The service checks every request first
 * (repository ids, owners, paths, sizes, k), so implementations receive valid arguments only.
 *
 * <p>Repositories are namespaced by owner ({@link RepositoryKey}): each method reads and writes its
 * key's owner only. Unknown repositories, another owner's included, are reported with
 * {@link UnknownRepositoryException} (NOT_FOUND).
 */
public interface RepositoryService {

    /**
     * Indexes the files of one IndexFiles stream.
     *
     * @param files   the files and deletions in stream order, paths checked
     * @param skipped files the upload already skipped (over the size limit), to include in the report
     */
    IndexReport indexFiles(RepositoryKey repository, boolean fullSync, List<Upload> files, List<SkippedFile> skipped);

    /**
     * Indexes a directory on this machine.
     *
     * @param directory an absolute path, not yet checked against the allowed roots
     * @throws dev.osprey.context.walk.PathNotAllowedException outside the allowed roots or on a special filesystem
     * @throws dev.osprey.context.index.IndexingLimitException beyond a per-job limit; the index is then unchanged
     */
    IndexReport indexDirectory(RepositoryKey repository, Path directory);

    /**
     * The checks {@link #indexDirectory} makes before it reads anything, alone: the path is an allowed,
     * readable directory.
     *
     * @throws dev.osprey.context.walk.PathNotAllowedException outside the allowed roots or on a special filesystem
     * @throws IllegalArgumentException when it is not a directory
     */
    void checkDirectory(Path directory);

    RepositoryInfo get(RepositoryKey repository);

    /** The owner's repositories, by id; {@code null} for every owner's, by owner then id. */
    List<RepositoryInfo> list(String owner);

    /** @return false when there was no such repository */
    boolean delete(RepositoryKey repository);

    /**
     * The best {@code k} (1..100) chunks for {@code query}, with the mode that ran.
     *
     * @param mode BM25, DENSE or HYBRID
     * @throws IllegalArgumentException for DENSE where there is no embedder (the message says how to add one)
     */
    SearchResponse search(RepositoryKey repository, String query, int k, SearchMode mode);

    /** Snippets for a plan: the repository's best {@code k} chunks for {@code query}, best first. */
    List<Snippet> retrieve(RepositoryKey repository, String query, int k);

    /**
     * Snippets for a chat plan: the definitions of the names the message mentions as code, then hybrid search over
     * the message, scored alike ({@link dev.osprey.context.retrieval.CursorRetriever#retrieveForMessage}), best
     * {@code k} first, each with the reason it was chosen.
     */
    List<Snippet> retrieveForMessage(RepositoryKey repository, String message, int k);

    /**
     * Snippets for an infill plan: the definitions the code around the cursor uses and BM25 matches for it, best
     * {@code k} first, each with its skeleton and the reason it was chosen; none from the file at {@code path}.
     *
     * @param path   the file being completed, repository-relative and checked, or empty
     * @param recent files the client has open or has just edited, most recent first: they replace the index's copies
     */
    List<Snippet> retrieveAtCursor(RepositoryKey repository, String path, String prefix, String suffix, int k,
                                   List<RecentFile> recent);

    /**
     * One file of an IndexFiles stream.
     *
     * @param path    repository-relative, '/'-separated, checked
     * @param content the bytes as sent (empty for a deletion)
     * @param deleted remove the path instead
     */
    record Upload(String path, byte[] content, boolean deleted) {
    }
}
