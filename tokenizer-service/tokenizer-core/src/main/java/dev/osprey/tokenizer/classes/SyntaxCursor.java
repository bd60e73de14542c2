package dev.osprey.tokenizer.classes;

/**
 * A walk over one parsed syntax tree's visible nodes (named and anonymous), starting at the root.
 * Owns the tree and its native memory until {@link #close}; used by one thread at a time.
 */
interface SyntaxCursor extends AutoCloseable {

    /** Symbol id of {@link #ERROR_SYMBOL ERROR} nodes (tree-sitter's {@code ts_builtin_sym_error}). */
    int ERROR_SYMBOL = 0xFFFF;

    /** The current node's public symbol id: an index into {@link GrammarSymbols}, or {@link #ERROR_SYMBOL}. */
    int symbol();

    /** Offset of the current node's first byte in the parsed UTF-8 text. */
    int startByte();

    /** Offset just past the current node's last byte; equals {@link #startByte} for missing (inserted) nodes. */
    int endByte();

    /** Moves to the current node's first child; false (and no move) for a leaf. */
    boolean gotoFirstChild();

    /** Moves to the current node's next sibling; false (and no move) for a last child or the root. */
    boolean gotoNextSibling();

    /** Moves to the current node's parent; false (and no move) at the root. */
    boolean gotoParent();

    /** Frees the tree. Idempotent. */
    @Override
    void close();
}
