/**
 * The repository index: {@link dev.osprey.context.index.RepositoryIndex}, one Lucene directory per repository,
 * incremental by content hash, searched by BM25 over {@link dev.osprey.context.index.CodeAnalyzer} terms and optional
 * dense vectors fused by {@link dev.osprey.context.index.ReciprocalRankFusion}.
 */
package dev.osprey.context.index;
