package dev.osprey.engine.model;

/** The feed-forward network of a block. */
public enum FeedForwardKind {
    /** {@code down(silu(gate(x)) * up(x))}: Llama, Qwen, Mistral. */
    SWIGLU,
    /** {@code down(gelu(up(x) + b) ) + b}, GELU's tanh form: StarCoder2, GPT-2. */
    GELU
}
