/**
 * GGUF (llama.cpp's model file format, versions 2 and 3): a validating, memory-mapped reader
 * ({@link dev.osprey.gguf.GgufFile}) whose tensors are zero-copy views, and a writer
 * ({@link dev.osprey.gguf.GgufWriter}) for tests and tools. Plain JDK, no dependencies.
 *
 * <p>Every malformed, truncated or hostile file is reported as a
 * {@link dev.osprey.gguf.GgufFormatException} naming the path and byte offset.
 */
package dev.osprey.gguf;
