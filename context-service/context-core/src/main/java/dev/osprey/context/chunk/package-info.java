/**
 * Code chunking: {@link dev.osprey.context.chunk.CodeChunker} cuts source files along functions, methods, classes
 * and top-level blocks with tree-sitter (Java, Python, JavaScript, TypeScript, Go, Rust, C, C++), falling back to
 * overlapping line windows; every line of a file belongs to some chunk.
 */
package dev.osprey.context.chunk;
