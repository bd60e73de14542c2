package dev.osprey.tokenizer.classes;

/** What a syntax node of some type does to the byte class map. */
enum NodeRole {
    /** Its bytes get one class; its children are not visited (a comment with doc markers, a lifetime). */
    TOKEN,
    /** {@link TokenClass#KEYWORD} if its text is a reserved word of the language, else IDENTIFIER ({@code int} vs {@code size_t}). */
    RESERVED_WORD_OR_IDENTIFIER,
    /** A string-like literal: all its bytes are STRING_LITERAL except those of {@link #ISLAND} descendants. */
    LITERAL,
    /** Code inside a literal (an f-string replacement field, a template substitution): classified as code again. */
    ISLAND,
    /** Raw text the grammar leaves unparsed (a C macro body): parsed again on its own, in the same language. */
    INJECTION,
    /** A literal's suffix ({@code 10ms}, {@code "x"s}): takes the class of the literal it follows. */
    SUFFIX,
    /** A syntax error: children are classified as usual, bytes no child covers are OTHER unless whitespace. */
    ERROR,
    /** Anything else: children are classified; as a leaf, classified by the shape of its text. */
    STRUCTURE
}
