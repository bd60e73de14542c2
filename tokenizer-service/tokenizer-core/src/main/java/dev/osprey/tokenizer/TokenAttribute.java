package dev.osprey.tokenizer;

/**
 * Per-token attributes as llama.cpp's {@code llama_token_attr} defines them, with the same bit values,
 * so that a token's attributes are one {@code int} mask. The first six mirror the GGUF token type
 * ({@link #of(TokenType)}); llama.cpp's load-time rules then add or replace bits (a control-looking
 * token becomes {@link #CONTROL}, phi-3's special tokens get {@link #RSTRIP}, ...).
 */
public enum TokenAttribute {
    UNKNOWN(1),
    UNUSED(1 << 1),
    NORMAL(1 << 2),
    CONTROL(1 << 3),
    USER_DEFINED(1 << 4),
    BYTE(1 << 5),
    /** Declared by llama.cpp; no rule of its loader sets it and tokenization never reads it. */
    NORMALIZED(1 << 6),
    /** Whitespace before the token is swallowed by it when it is cut out of the text. */
    LSTRIP(1 << 7),
    /** Whitespace after the token is swallowed by it when it is cut out of the text. */
    RSTRIP(1 << 8),
    /** Declared by llama.cpp; no rule of its loader sets it and tokenization never reads it. */
    SINGLE_WORD(1 << 9);

    /** Tokens cut out of the text whole before BPE (llama.cpp's {@code cache_special_tokens}). */
    public static final int MATCHED_WHOLE = UNKNOWN.bit | CONTROL.bit | USER_DEFINED.bit;

    private final int bit;

    TokenAttribute(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public boolean in(int attributes) {
        return (attributes & bit) != 0;
    }

    /** The attribute llama.cpp starts a token with, from its GGUF token type (UNDEFINED: no bit). */
    public static int of(TokenType type) {
        return switch (type) {
            case UNDEFINED -> 0;
            case NORMAL -> NORMAL.bit;
            case UNKNOWN -> UNKNOWN.bit;
            case CONTROL -> CONTROL.bit;
            case USER_DEFINED -> USER_DEFINED.bit;
            case UNUSED -> UNUSED.bit;
            case BYTE -> BYTE.bit;
        };
    }

    /**
     * The token type whose handling applies to a token with these attributes, in the order llama.cpp
     * tests them: unknown, control, user-defined, normal, byte, unused; UNDEFINED when none is set.
     * For attributes straight from a type this is that type.
     */
    public static TokenType behavesAs(int attributes) {
        if (UNKNOWN.in(attributes)) {
            return TokenType.UNKNOWN;
        }
        if (CONTROL.in(attributes)) {
            return TokenType.CONTROL;
        }
        if (USER_DEFINED.in(attributes)) {
            return TokenType.USER_DEFINED;
        }
        if (NORMAL.in(attributes)) {
            return TokenType.NORMAL;
        }
        if (BYTE.in(attributes)) {
            return TokenType.BYTE;
        }
        return UNUSED.in(attributes) ? TokenType.UNUSED : TokenType.UNDEFINED;
    }
}
