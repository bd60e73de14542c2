package dev.osprey.tokenizer.classes;

/**
 * Access to tree-sitter: parses UTF-8 text into a tree walked through a {@link SyntaxCursor}.
 * Implementations are thread-safe: each {@link #parse} uses its own parser.
 */
interface SyntaxBackend {

    /** Short name for logs and the {@value SyntaxBackends#PROPERTY} property: {@code ffm} or {@code jni}. */
    String name();

    /** The grammar's node types; the ids are those {@link SyntaxCursor#symbol()} reports. */
    GrammarSymbols symbols(SourceLanguage language);

    /**
     * Parses {@code utf8} (any bytes: invalid code parses with ERROR nodes, never throws) and returns a cursor at
     * the root. Node offsets are offsets into {@code utf8}. The caller closes the cursor.
     */
    SyntaxCursor parse(SourceLanguage language, byte[] utf8);
}
