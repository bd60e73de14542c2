package dev.osprey.context.chunk;

/** What a {@link CodeChunk} was cut along. */
public enum ChunkKind {
    /** A function, method or constructor (or a line window of a large one). */
    FUNCTION,
    /** A type's header, fields and other members that are not functions. */
    TYPE,
    /** File-level code outside any function or type: package and imports, top-level statements. */
    BLOCK,
    /** A line window of a file that was not parsed (unsupported language or too many syntax errors). */
    WINDOW
}
