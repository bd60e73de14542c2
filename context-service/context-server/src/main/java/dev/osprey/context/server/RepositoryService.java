package dev.osprey.context.server;

import dev.osprey.api.v1.IndexReport;
import dev.osprey.api.v1.RepositoryInfo;
import dev.osprey.api.v1.SearchHit;
import dev.osprey.api.v1.SearchMode;
import dev.osprey.api.v1.SkippedFile;
import dev.osprey.context.plan.Snippet;
import java.nio.file.Path;
import java.util.List;

/**
 * The repository index as the gRPC service sees it. The service checks every request first
 * (repository ids, paths, sizes, k), so implementations receive valid arguments only.
 *
 * <p>Unknown repositories are reported with {@link UnknownRepositoryException} (NOT_FOUND).
 */
public interface RepositoryService {

    /**
     * Indexes the files of one IndexFiles stream.
     *
     * @param files   the files and deletions in stream order, paths checked
     * @param skipped files the upload already skipped (over the size limit), to include in the report
     */
    IndexReport indexFiles(String repositoryId, boolean fullSync, List<Upload> files, List<SkippedFile> skipped);

    /** Indexes a directory on this machine (absolute, checked to exist). */
    IndexReport indexDirectory(String repositoryId, Path directory);

    RepositoryInfo get(String repositoryId);

    /** @return false when there was no such repository */
    boolean delete(String repositoryId);

    /** @param k in 1..100 */
    List<SearchHit> search(String repositoryId, String query, int k, SearchMode mode);

    /** Snippets for a plan: the repository's best {@code k} chunks for {@code query}, best first. */
    List<Snippet> retrieve(String repositoryId, String query, int k);

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
