package dev.osprey.context.symbol;

import java.util.List;
import java.util.Objects;

/**
 * What one file defines and imports.
 *
 * @param path        repository-relative path
 * @param language    language id ({@code java}, {@code python}, ...), or {@code text} for files without a grammar or
 *                    whose parse failed: those have no definitions or imports
 * @param module      the name other files import it by, where the language has one: the Java package, the Python
 *                    dotted module, the Go package name, the Rust module path ({@code a.b} for {@code crate::a::b});
 *                    empty otherwise
 * @param definitions in file order
 * @param imports     in file order
 */
public record FileSymbols(String path, String language, String module, List<Definition> definitions,
                          List<Import> imports) {
    public FileSymbols {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(language, "language");
        module = module == null ? "" : module;
        definitions = List.copyOf(definitions);
        imports = List.copyOf(imports);
    }

    /** A file indexed as text only. */
    public static FileSymbols text(String path) {
        return new FileSymbols(path, "text", "", List.of(), List.of());
    }
}
