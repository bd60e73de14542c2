package dev.osprey.context.symbol;

import java.util.Objects;

/**
 * One named definition of a source file.
 *
 * @param path          repository-relative path of the defining file
 * @param symbol        the name within its file, enclosing names first, joined by {@code .}: {@code Outer.Inner.method}
 * @param qualifiedName {@code symbol} prefixed by the file's {@linkplain FileSymbols#module() module} when it has one
 * @param kind          what it defines
 * @param startLine     first line (1-based), its doc comment and decorators included
 * @param endLine       last line, inclusive
 * @param signature     the declaration up to its body, whitespace collapsed ({@code def area(self) -> float})
 * @param doc           the doc comment or docstring as written, or empty
 */
public record Definition(String path, String symbol, String qualifiedName, DefinitionKind kind, int startLine,
                         int endLine, String signature, String doc) {
    public Definition {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(doc, "doc");
        if (symbol == null || symbol.isEmpty()) {
            throw new IllegalArgumentException("a definition needs a name");
        }
        qualifiedName = qualifiedName == null || qualifiedName.isEmpty() ? symbol : qualifiedName;
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("bad line range " + startLine + ".." + endLine + " for " + symbol);
        }
    }

    /** The last part of {@link #symbol}: the name code uses. */
    public String name() {
        return symbol.substring(symbol.lastIndexOf('.') + 1);
    }

    /** The enclosing definition's symbol, or empty at file level. */
    public String container() {
        int dot = symbol.lastIndexOf('.');
        return dot < 0 ? "" : symbol.substring(0, dot);
    }

    /** Lines covered. */
    public int lineCount() {
        return endLine - startLine + 1;
    }
}
