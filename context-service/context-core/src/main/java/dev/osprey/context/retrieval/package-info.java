/**
 * Cursor-aware retrieval: the definitions the code around a cursor uses, found through the symbol index and the
 * import graph, ranked with BM25 hits by an explicit score, and shown as skeletons (signature and doc) with their
 * bodies for when room allows.
 */
package dev.osprey.context.retrieval;
