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
 * The repository RPCs of a build without the repository index: every call, and every plan that asks
 * for retrieval, fails with UNIMPLEMENTED and {@value #MESSAGE}.
 */
public final class UnavailableRepositoryService implements RepositoryService {
    static final String MESSAGE = "repository index not available in this build";

    @Override
    public void requireAvailable() {
        throw new RepositoryIndexUnavailableException(MESSAGE);
    }

    @Override
    public IndexReport indexFiles(String repositoryId, boolean fullSync, List<Upload> files, List<SkippedFile> skipped) {
        throw new RepositoryIndexUnavailableException(MESSAGE);
    }

    @Override
    public IndexReport indexDirectory(String repositoryId, Path directory) {
        throw new RepositoryIndexUnavailableException(MESSAGE);
    }

    @Override
    public RepositoryInfo get(String repositoryId) {
        throw new RepositoryIndexUnavailableException(MESSAGE);
    }

    @Override
    public boolean delete(String repositoryId) {
        throw new RepositoryIndexUnavailableException(MESSAGE);
    }

    @Override
    public List<SearchHit> search(String repositoryId, String query, int k, SearchMode mode) {
        throw new RepositoryIndexUnavailableException(MESSAGE);
    }

    @Override
    public List<Snippet> retrieve(String repositoryId, String query, int k) {
        throw new RepositoryIndexUnavailableException(MESSAGE);
    }
}
