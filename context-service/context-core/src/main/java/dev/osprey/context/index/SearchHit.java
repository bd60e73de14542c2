package dev.osprey.context.index;

import java.util.Set;

/**
 * One retrieved chunk.
 *
 * @param score      BM25 or cosine score for single-retriever searches, the fused RRF score for hybrid ones
 * @param retrievers the retrievers whose candidate lists held this chunk
 */
public record SearchHit(String path, int startLine, int endLine, String symbol, String language, double score,
                        String text, Set<Retriever> retrievers) {
    public SearchHit {
        retrievers = Set.copyOf(retrievers);
    }
}
