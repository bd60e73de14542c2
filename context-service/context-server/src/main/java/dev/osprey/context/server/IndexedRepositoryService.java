package dev.osprey.context.server;

import dev.osprey.api.v1.IndexReport;
import dev.osprey.api.v1.RepositoryInfo;
import dev.osprey.api.v1.SearchHit;
import dev.osprey.api.v1.SearchMode;
import dev.osprey.api.v1.SkippedFile;
import dev.osprey.context.index.IndexOptions;
import dev.osprey.context.index.IndexUpdate;
import dev.osprey.context.index.RepositoryIndex;
import dev.osprey.context.plan.Snippet;
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

/**
 * Repositories as Lucene indexes under one root directory ({@code root/<repository id>}), opened on
 * first use and kept open. A repository exists once something was indexed into it; its directory
 * survives restarts. Thread-safe: each index serialises its own updates.
 */
public final class IndexedRepositoryService implements RepositoryService, AutoCloseable {
    private final Path root;
    private final IndexOptions options;
    private final Map<String, RepositoryIndex> open = new ConcurrentHashMap<>();

    public IndexedRepositoryService(Path root, IndexOptions options) {
        this.root = root;
        this.options = options;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the index root " + root, e);
        }
    }

    @Override
    public IndexReport indexFiles(String repositoryId, boolean fullSync, List<Upload> files, List<SkippedFile> skipped) {
        long start = System.nanoTime();
        RepositoryIndex index = index(repositoryId, true);
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
            return report(repositoryId, index, update, explicitlyDeleted, skipped, start);
        } catch (IOException e) {
            throw new UncheckedIOException("indexing repository " + repositoryId + " failed", e);
        }
    }

    @Override
    public IndexReport indexDirectory(String repositoryId, Path directory) {
        long start = System.nanoTime();
        RepositoryIndex index = index(repositoryId, true);
        try {
            WalkResult walked = new DirectoryWalker(options.maxFileBytes()).walk(directory);
            List<SkippedFile> skipped = walked.skipped().stream()
                    .map(s -> SkippedFile.newBuilder().setPath(s.path()).setReason(s.reason()).build()).toList();
            return report(repositoryId, index, index.sync(walked.files()), 0, skipped, start);
        } catch (IOException e) {
            throw new UncheckedIOException("indexing " + directory + " into repository " + repositoryId + " failed", e);
        }
    }

    @Override
    public RepositoryInfo get(String repositoryId) {
        RepositoryIndex index = index(repositoryId, false);
        try {
            return RepositoryInfo.newBuilder().setRepositoryId(repositoryId).setFiles(index.fileCount())
                    .setChunks(index.chunkCount()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean delete(String repositoryId) {
        Path dir = root.resolve(repositoryId);
        synchronized (this) {
            RepositoryIndex index = open.remove(repositoryId);
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
                throw new UncheckedIOException("deleting repository " + repositoryId + " failed", e);
            }
        }
    }

    @Override
    public List<SearchHit> search(String repositoryId, String query, int k, SearchMode mode) {
        dev.osprey.context.index.SearchMode coreMode = switch (mode) {
            case BM25 -> dev.osprey.context.index.SearchMode.BM25;
            case DENSE -> dev.osprey.context.index.SearchMode.DENSE;
            default -> dev.osprey.context.index.SearchMode.HYBRID;
        };
        return hits(repositoryId, query, k, coreMode).stream().map(h -> SearchHit.newBuilder().setPath(h.path())
                .setStartLine(h.startLine()).setEndLine(h.endLine()).setSymbol(h.symbol()).setLanguage(h.language())
                .setScore(h.score()).setText(h.text()).build()).toList();
    }

    @Override
    public List<Snippet> retrieve(String repositoryId, String query, int k) {
        return hits(repositoryId, query, k, dev.osprey.context.index.SearchMode.HYBRID).stream()
                .map(h -> new Snippet(h.path(), h.startLine(), h.endLine(), h.symbol(), h.text(), h.score())).toList();
    }

    private List<dev.osprey.context.index.SearchHit> hits(String repositoryId, String query, int k,
                                                          dev.osprey.context.index.SearchMode mode) {
        try {
            return index(repositoryId, false).search(query, k, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("searching repository " + repositoryId + " failed", e);
        }
    }

    /** The open index of {@code repositoryId}; without {@code create}, unknown ids are NOT_FOUND. */
    private RepositoryIndex index(String repositoryId, boolean create) {
        RepositoryIndex index = open.get(repositoryId);
        if (index != null) {
            return index;
        }
        synchronized (this) {
            index = open.get(repositoryId);
            if (index != null) {
                return index;
            }
            if (!create && !Files.isDirectory(root.resolve(repositoryId))) {
                throw new UnknownRepositoryException(repositoryId);
            }
            try {
                index = RepositoryIndex.open(root, repositoryId, options);
            } catch (IOException e) {
                throw new UncheckedIOException("opening repository " + repositoryId + " failed", e);
            }
            open.put(repositoryId, index);
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
