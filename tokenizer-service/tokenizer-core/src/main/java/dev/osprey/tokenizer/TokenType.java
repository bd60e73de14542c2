package dev.osprey.tokenizer;

/** Token types as GGUF's {@code tokenizer.ggml.token_type} numbers them (llama.cpp {@code llama_token_type}). */
public enum TokenType {
    UNDEFINED(0),
    NORMAL(1),
    UNKNOWN(2),
    CONTROL(3),
    USER_DEFINED(4),
    UNUSED(5),
    BYTE(6);

    private final int code;

    TokenType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a number outside 0..6 */
    public static TokenType fromCode(int code) {
        for (TokenType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown token type " + code + " (GGUF token types are 0..6)");
    }
}
