package dev.osprey.context.index;

import dev.osprey.context.chunk.Chunker;
import dev.osprey.context.chunk.CodeChunker;
import dev.osprey.context.embed.Embedder;
import java.util.Objects;

/**
 * How a {@link RepositoryIndex} chunks, embeds and filters.
 *
 * @param chunker         cuts files into chunks
 * @param embedder        dense embeddings of chunks and queries, or null for BM25 only
 * @param maxFileBytes    larger files are skipped and reported
 * @param maxHitsPerFile  at most this many hits of one file in a search result
 * @param duplicateJaccard hits whose term sets overlap at least this much (Jaccard) with a better hit are dropped
 */
public record IndexOptions(Chunker chunker, Embedder embedder, long maxFileBytes, int maxHitsPerFile,
                           double duplicateJaccard) {
    public static final long DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

    public IndexOptions {
        Objects.requireNonNull(chunker);
        if (maxFileBytes < 1 || maxHitsPerFile < 1 || duplicateJaccard <= 0 || duplicateJaccard > 1) {
            throw new IllegalArgumentException("bad index options: maxFileBytes=" + maxFileBytes + " maxHitsPerFile="
                    + maxHitsPerFile + " duplicateJaccard=" + duplicateJaccard);
        }
    }

    /** Tree-sitter chunks, no embedder, 1 MB files, 2 hits per file, 0.9 Jaccard. */
    public static IndexOptions defaults() {
        return new IndexOptions(new CodeChunker(), null, DEFAULT_MAX_FILE_BYTES, 2, 0.9);
    }

    public IndexOptions withEmbedder(Embedder embedder) {
        return new IndexOptions(chunker, embedder, maxFileBytes, maxHitsPerFile, duplicateJaccard);
    }

    public IndexOptions withChunker(Chunker chunker) {
        return new IndexOptions(chunker, embedder, maxFileBytes, maxHitsPerFile, duplicateJaccard);
    }

    public IndexOptions withMaxFileBytes(long maxFileBytes) {
        return new IndexOptions(chunker, embedder, maxFileBytes, maxHitsPerFile, duplicateJaccard);
    }

    public IndexOptions withMaxHitsPerFile(int maxHitsPerFile) {
        return new IndexOptions(chunker, embedder, maxFileBytes, maxHitsPerFile, duplicateJaccard);
    }
}
