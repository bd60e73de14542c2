package dev.osprey.engine.model;

import java.util.Objects;

/**
 * The wiring of one transformer block, as data: every supported architecture is a pre-norm block (norm → attention
 * with RoPE → residual → norm → feed-forward → residual) that differs only in these settings.
 *
 * @param norm            the norm before attention, before the feed-forward and at the output
 * @param feedForward     the feed-forward network
 * @param qkNorm          queries and keys get a per-head RMSNorm ({@code attn_q_norm}, {@code attn_k_norm}) before
 *                        RoPE (Qwen3)
 * @param qkvBiasRequired the q/k/v projections must carry biases (Qwen2, StarCoder2); otherwise every bias is used
 *                        when the file has it
 */
public record BlockShape(NormKind norm, FeedForwardKind feedForward, boolean qkNorm, boolean qkvBiasRequired) {
    /** Llama's block: RMSNorm, SwiGLU, biases only where the file has them. */
    public static final BlockShape LLAMA = new BlockShape(NormKind.RMS, FeedForwardKind.SWIGLU, false, false);

    public BlockShape {
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(feedForward, "feedForward");
    }

    /** The metadata key suffix of this block's norm epsilon, as llama.cpp writes it. */
    public String epsilonKey() {
        return norm == NormKind.RMS ? "attention.layer_norm_rms_epsilon" : "attention.layer_norm_epsilon";
    }
}
