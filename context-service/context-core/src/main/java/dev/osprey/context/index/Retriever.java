package dev.osprey.context.index;

/** A retriever that found a {@link SearchHit}. */
public enum Retriever {
    BM25,
    DENSE
}
