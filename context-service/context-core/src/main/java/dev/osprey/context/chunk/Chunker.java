package dev.osprey.context.chunk;

import java.util.List;

/** Cuts one file into chunks. Implementations are thread-safe. */
public interface Chunker {

    /**
     * The chunks of {@code content}, in line order. Every line of the file belongs to at least one chunk; an empty
     * file has no chunks.
     *
     * @param path repository-relative path; its extension selects the language
     */
    List<CodeChunk> chunk(String path, String content);
}
