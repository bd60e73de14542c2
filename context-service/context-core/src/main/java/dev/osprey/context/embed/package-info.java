/** Dense text embeddings for the repository index: the {@link dev.osprey.context.embed.Embedder} contract and the
 * in-process all-MiniLM-L6-v2 {@link dev.osprey.context.embed.MiniLmEmbedder}. */
package dev.osprey.context.embed;
