package dev.osprey.tokenizer;

/** The tokenization algorithm, named as GGUF's {@code tokenizer.ggml.model} names it. */
public enum TokenizerModel {
    /** SentencePiece-style BPE over scores, "▁" for spaces, byte-fallback tokens {@code <0xNN>}. */
    LLAMA("llama"),
    /** Byte-level BPE over merge ranks (GPT-2's byte-to-unicode alphabet). */
    GPT2("gpt2");

    private final String ggufName;

    TokenizerModel(String ggufName) {
        this.ggufName = ggufName;
    }

    public String ggufName() {
        return ggufName;
    }

    /** @throws IllegalArgumentException naming the model when it is not supported */
    public static TokenizerModel fromGgufName(String name) {
        for (TokenizerModel model : values()) {
            if (model.ggufName.equals(name)) {
                return model;
            }
        }
        throw new IllegalArgumentException("unsupported tokenizer model '" + name
                + "' (supported: llama = SentencePiece BPE, gpt2 = byte-level BPE)");
    }
}
