package dev.osprey.tokenizer.fim;

/**
 * Where the suffix goes, in the terms of Bavarian et al., "Efficient Training of Language Models to
 * Fill in the Middle" (2022).
 */
public enum FimOrder {
    /** Prefix-suffix-middle: {@code PRE prefix SUF suffix MID}. What every supported family is trained on. */
    PSM,
    /**
     * Suffix-prefix-middle, the paper's variant used by StarCoder and CodeLlama
     * ({@code suffix_first}): {@code PRE SUF suffix MID prefix}. The model continues the prefix,
     * which suits completion at the end of a growing line.
     */
    SPM
}
