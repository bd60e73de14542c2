package dev.osprey.context.chunk;

import java.util.List;
import java.util.Objects;

/**
 * One retrievable piece of a source file.
 *
 * @param path      repository-relative path with {@code /} separators
 * @param language  language id ({@code java}, {@code python}, ...) or {@code text} for files chunked by line windows
 * @param startLine first line, 1-based, inclusive
 * @param endLine   last line, 1-based, inclusive
 * @param symbol    enclosing symbol names joined by {@code .} ({@code Outer.Inner.method}); empty at file level
 * @param kind      what the chunk was cut along
 * @param imports   the file's import/include/use statements, trimmed, in file order
 * @param text      lines {@code startLine..endLine} of the file, joined with {@code \n}
 */
public record CodeChunk(String path, String language, int startLine, int endLine, String symbol, ChunkKind kind,
                        List<String> imports, String text) {
    public CodeChunk {
        Objects.requireNonNull(path);
        Objects.requireNonNull(language);
        Objects.requireNonNull(symbol);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(text);
        imports = List.copyOf(imports);
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("bad line range " + startLine + ".." + endLine);
        }
    }

    /** Number of lines covered. */
    public int lineCount() {
        return endLine - startLine + 1;
    }
}
