package dev.osprey.engine.model;

/** How a block normalises the residual stream before attention and before the feed-forward. */
public enum NormKind {
    /** RMSNorm with a gain (Llama, Qwen, Mistral): {@code layer_norm_rms_epsilon}. */
    RMS,
    /** LayerNorm, mean removed, with a gain and a bias (StarCoder2, GPT-2): {@code layer_norm_epsilon}. */
    LAYER
}
