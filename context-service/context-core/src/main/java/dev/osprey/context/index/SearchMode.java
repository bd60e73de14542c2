package dev.osprey.context.index;

/** Which retrievers a search runs. */
public enum SearchMode {
    /** BM25 over code-aware terms only. */
    BM25,
    /** Nearest neighbours of the query's embedding only; needs an index configured with an embedder. */
    DENSE,
    /** Both, fused by reciprocal rank fusion; BM25 alone when the index has no embedder. */
    HYBRID
}
