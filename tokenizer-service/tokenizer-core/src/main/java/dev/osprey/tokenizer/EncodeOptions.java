package dev.osprey.tokenizer;

/**
 * How text becomes ids.
 *
 * @param addSpecial   add BOS/EOS as the vocabulary declares (llama.cpp's {@code add_special})
 * @param parseSpecial match control and user-defined token text in the input (llama.cpp's
 *                     {@code parse_special}); off for untrusted user text so that it cannot inject
 *                     {@code <|im_end|>} and the like
 */
public record EncodeOptions(boolean addSpecial, boolean parseSpecial) {
    /** Plain text: no BOS/EOS, special-token text tokenized as ordinary text (the test-vector setting). */
    public static final EncodeOptions PLAIN = new EncodeOptions(false, false);
    /** A model prompt from untrusted text: BOS/EOS as declared, no special-token parsing. */
    public static final EncodeOptions PROMPT = new EncodeOptions(true, false);
    /** Trusted text such as a rendered template: BOS/EOS as declared, special tokens parsed. */
    public static final EncodeOptions TRUSTED = new EncodeOptions(true, true);
}
