package dev.osprey.context.server;

import dev.osprey.api.v1.IndexReport;
import dev.osprey.api.v1.RepositoryInfo;
import dev.osprey.api.v1.SearchHit;
import dev.osprey.api.v1.SearchMode;
import dev.osprey.api.v1.SearchResponse;
import dev.osprey.api.v1.SkippedFile;
import dev.osprey.context.concurrent.OffloadedTask;
import dev.osprey.context.index.IndexOptions;
import dev.osprey.context.index.IndexUpdate;
import dev.osprey.context.index.IndexingBudget;
import dev.osprey.context.index.IndexingLimitException;
import dev.osprey.context.index.IndexingLimits;
import dev.osprey.context.index.RepositoryIndex;
import dev.osprey.context.plan.Snippet;
import dev.osprey.context.retrieval.CursorRequest;
import dev.osprey.context.retrieval.CursorRetriever;
import dev.osprey.context.retrieval.RecentFile;
import dev.osprey.context.walk.AllowedRoots;
import dev.osprey.context.walk.DirectoryWalker;
import dev.osprey.context.walk.WalkResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Repositories as Lucene indexes under one root directory, one per owner and id (layout in
 * {@link RepositoryDirectories}), opened on first use and kept open. A repository exists once something
 * was indexed into it; its directory survives restarts. Directories of this machine are indexed only
 * inside the {@link AllowedRoots}, within per-job {@link IndexingLimits}; a job that fails leaves the
 * repository as it was (a repository that did not exist is not created). Thread-safe: each index
 * serialises its own updates.
 */
public final class IndexedRepositoryService implements RepositoryService, AutoCloseable {
    private final RepositoryDirectories directories;
    private final IndexOptions options;
    private final AllowedRoots allowedRoots;
    private final IndexingLimits directoryLimits;
    private final Map<RepositoryKey, RepositoryIndex> open = new ConcurrentHashMap<>();
    /** Runs a retrieval's text search beside its symbol resolution: one virtual thread per search. */
    private final Executor textSearches = OffloadedTask.virtualThreads("osprey-text-search");

    /** BM25 and uploads only: no directory of this machine may be indexed. */
    public IndexedRepositoryService(Path root, IndexOptions options) {
        this(root, options, AllowedRoots.none(), IndexingLimits.UNLIMITED);
    }

    /**
     * @param allowedRoots    the directories IndexDirectory may read
     * @param directoryLimits what one IndexDirectory job may read and how long it may take
     */
    public IndexedRepositoryService(Path root, IndexOptions options, AllowedRoots allowedRoots,
                                    IndexingLimits directoryLimits) {
        this.directories = new RepositoryDirectories(root);
        this.options = options;
        this.allowedRoots = allowedRoots;
        this.directoryLimits = directoryLimits;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the index root " + root, e);
        }
    }

    @Override
    public IndexReport indexFiles(RepositoryKey repository, boolean fullSync, List<Upload> files,
                                  List<SkippedFile> skipped) {
        long start = System.nanoTime();
        RepositoryIndex index = index(repository, true);
        Map<String, byte[]> contents = new LinkedHashMap<>();
        List<String> removed = new ArrayList<>();
        for (Upload upload : files) {
            if (upload.deleted()) {
                contents.remove(upload.path());
                removed.add(upload.path());
            } else {
                contents.put(upload.path(), upload.content());
            }
        }
        try {
            int explicitlyDeleted = 0;
            for (String path : removed) {
                if (!contents.containsKey(path) && index.delete(path)) {
                    explicitlyDeleted++;
                }
            }
            IndexUpdate update = fullSync ? index.sync(contents) : index.update(contents);
            return report(repository.id(), index, update, explicitlyDeleted, skipped, start);
        } catch (IOException e) {
            throw new UncheckedIOException("indexing repository " + repository + " failed", e);
        }
    }

    @Override
    public IndexReport indexDirectory(RepositoryKey repository, Path directory) {
        long start = System.nanoTime();
        Path real = allowedRoots.resolve(directory);
        IndexingBudget budget = directoryLimits.start();
        try {
            WalkResult walked = new DirectoryWalker(options.maxFileBytes()).walk(real, budget);
            List<SkippedFile> skipped = walked.skipped().stream()
                    .map(s -> SkippedFile.newBuilder().setPath(s.path()).setReason(s.reason()).build()).toList();
            boolean existed = Files.isDirectory(directories.of(repository));
            RepositoryIndex index = index(repository, true);
            try {
                return report(repository.id(), index, index.sync(walked.files(), budget), 0, skipped, start);
            } catch (IndexingLimitException e) {
                if (!existed) {
                    delete(repository);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("indexing " + directory + " into repository " + repository + " failed", e);
        }
    }

    @Override
    public void checkDirectory(Path directory) {
        allowedRoots.resolve(directory);
    }

    @Override
    public RepositoryInfo get(RepositoryKey repository) {
        RepositoryIndex index = index(repository, false);
        try {
            return RepositoryInfo.newBuilder().setRepositoryId(repository.id()).setOwner(repository.owner())
                    .setFiles(index.fileCount()).setChunks(index.chunkCount()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<RepositoryInfo> list(String owner) {
        List<RepositoryInfo> infos = new ArrayList<>();
        for (String each : owner == null ? directories.owners() : List.of(owner)) {
            for (String id : directories.ids(each)) {
                try {
                    infos.add(get(new RepositoryKey(each, id)));
                } catch (UnknownRepositoryException deletedMeanwhile) {
                    // gone between listing and opening
                }
            }
        }
        return infos;
    }

    @Override
    public boolean delete(RepositoryKey repository) {
        Path dir = directories.of(repository);
        synchronized (this) {
            RepositoryIndex index = open.remove(repository);
            try {
                if (index != null) {
                    index.close();
                }
                if (!Files.isDirectory(dir)) {
                    return false;
                }
                deleteTree(dir);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("deleting repository " + repository + " failed", e);
            }
        }
    }

    @Override
    public SearchResponse search(RepositoryKey repository, String query, int k, SearchMode mode) {
        SearchResponse.Builder response = SearchResponse.newBuilder();
        dev.osprey.context.index.SearchMode coreMode = switch (mode) {
            case BM25 -> dev.osprey.context.index.SearchMode.BM25;
            case DENSE -> {
                if (options.embedder() == null) {
                    throw new IllegalArgumentException("mode: DENSE needs embeddings, and this server has no embedder"
                            + " (start it with osprey.context.embeddings=true and re-index the repository); BM25 and"
                            + " HYBRID work without one");
                }
                yield dev.osprey.context.index.SearchMode.DENSE;
            }
            default -> {
                if (options.embedder() == null) {
                    response.setNotice("HYBRID ran as BM25 alone: this server has no embedder"
                            + " (osprey.context.embeddings=true adds one)");
                    yield dev.osprey.context.index.SearchMode.BM25;
                }
                yield dev.osprey.context.index.SearchMode.HYBRID;
            }
        };
        response.setModeUsed(switch (coreMode) {
            case BM25 -> SearchMode.BM25;
            case DENSE -> SearchMode.DENSE;
            case HYBRID -> SearchMode.HYBRID;
        });
        for (dev.osprey.context.index.SearchHit h : hits(repository, query, k, coreMode)) {
            response.addHits(SearchHit.newBuilder().setPath(h.path()).setStartLine(h.startLine())
                    .setEndLine(h.endLine()).setSymbol(h.symbol()).setLanguage(h.language()).setScore(h.score())
                    .setText(h.text()));
        }
        return response.build();
    }

    @Override
    public List<Snippet> retrieve(RepositoryKey repository, String query, int k) {
        return hits(repository, query, k, dev.osprey.context.index.SearchMode.HYBRID).stream()
                .map(h -> new Snippet(h.path(), h.startLine(), h.endLine(), h.symbol(), h.text(), h.score())).toList();
    }

    @Override
    public List<Snippet> retrieveForMessage(RepositoryKey repository, String message, int k) {
        try {
            return snippets(new CursorRetriever(index(repository, false), textSearches).retrieveForMessage(message, k,
                    dev.osprey.context.index.SearchMode.HYBRID));
        } catch (IOException e) {
            throw new UncheckedIOException("retrieving from repository " + repository + " failed", e);
        }
    }

    @Override
    public List<Snippet> retrieveAtCursor(RepositoryKey repository, String path, String prefix, String suffix, int k,
                                          List<RecentFile> recent) {
        try {
            return snippets(new CursorRetriever(index(repository, false), textSearches)
                    .retrieve(new CursorRequest(path, prefix, suffix, k, recent)));
        } catch (IOException e) {
            throw new UncheckedIOException("retrieving from repository " + repository + " failed", e);
        }
    }

    private static List<Snippet> snippets(List<dev.osprey.context.retrieval.Candidate> candidates) {
        return candidates.stream().map(c -> new Snippet(c.path(), c.startLine(), c.endLine(), c.symbol(), c.body(),
                c.score().total(), c.skeleton(), c.reason())).toList();
    }

    private List<dev.osprey.context.index.SearchHit> hits(RepositoryKey repository, String query, int k,
                                                          dev.osprey.context.index.SearchMode mode) {
        try {
            return index(repository, false).search(query, k, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("searching repository " + repository + " failed", e);
        }
    }

    /** The open index of {@code repository}; without {@code create}, unknown repositories are NOT_FOUND. */
    private RepositoryIndex index(RepositoryKey repository, boolean create) {
        RepositoryIndex index = open.get(repository);
        if (index != null) {
            return index;
        }
        synchronized (this) {
            index = open.get(repository);
            if (index != null) {
                return index;
            }
            if (!Files.isDirectory(directories.of(repository))) {
                if (!create) {
                    throw new UnknownRepositoryException(repository.id());
                }
                directories.claim(repository.owner());
            }
            try {
                index = RepositoryIndex.open(directories.ownerDirectory(repository.owner()), repository.id(), options);
            } catch (IOException e) {
                throw new UncheckedIOException("opening repository " + repository + " failed", e);
            }
            open.put(repository, index);
            return index;
        }
    }

    private static IndexReport report(String repositoryId, RepositoryIndex index, IndexUpdate update, int alsoDeleted,
                                      List<SkippedFile> skipped, long start) throws IOException {
        IndexReport.Builder report = IndexReport.newBuilder().setRepositoryId(repositoryId)
                .setFilesIndexed(update.indexed().size()).setFilesUnchanged(update.unchanged().size())
                .setFilesDeleted(update.deleted().size() + alsoDeleted).addAllSkipped(skipped)
                .setTotalFiles(index.fileCount()).setTotalChunks(index.chunkCount())
                .setDurationMs((System.nanoTime() - start) / 1_000_000);
        for (dev.osprey.context.index.SkippedFile s : update.skipped()) {
            report.addSkipped(SkippedFile.newBuilder().setPath(s.path()).setReason(s.reason()));
        }
        return report.build();
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public synchronized void close() throws IOException {
        for (RepositoryIndex index : open.values()) {
            index.close();
        }
        open.clear();
    }
}
