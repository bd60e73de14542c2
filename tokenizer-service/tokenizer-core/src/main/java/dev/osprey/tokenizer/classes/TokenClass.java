package dev.osprey.tokenizer.classes;

/**
 * Syntactic class of a piece of source text, as a parser of the source language sees it.
 * The order matches {@code osprey.v1.TokenClass} (proto number = ordinal + 1).
 */
public enum TokenClass {
    /** A word the language reserves, or a contextual keyword where the grammar reads it as one. */
    KEYWORD,
    /** A name: variables, types, fields, labels, lifetimes, macros. */
    IDENTIFIER,
    /** Operator and separator symbols other than brackets, commas and semicolons: {@code + = . :: -> :}. */
    OPERATOR,
    /** Brackets, commas and semicolons, plus a few per-language delimiters (see the package notes). */
    PUNCTUATION,
    /** String and character literals including quotes, prefixes and escapes; regex literals. */
    STRING_LITERAL,
    /** Numeric literals, including their suffixes. */
    NUMBER_LITERAL,
    /** Line, block and documentation comments, including their markers. */
    COMMENT,
    /** Whitespace between tokens and line continuations. */
    WHITESPACE,
    /** Text the parser could not place: unexpected characters in syntax errors. */
    OTHER;

    private static final TokenClass[] VALUES = values();

    /** @throws ArrayIndexOutOfBoundsException for an ordinal outside 0..8 */
    static TokenClass ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
