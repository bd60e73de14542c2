package dev.osprey.engine.model;

import dev.osprey.engine.tensor.Weights;

/**
 * One transformer block's parameters. Matrices are {@code [out][in]}; vectors are plain floats. Biases are null when
 * the file has none; what the {@link BlockShape} does not use is null.
 *
 * @param attnNorm     [dim]            norm gain before attention, {@code attnNormBias} [dim] with LayerNorm
 * @param wq           [qDim][dim]      query projection, {@code bq} [qDim] or null
 * @param wk           [kvDim][dim]     key projection, {@code bk} [kvDim] or null
 * @param wv           [vDim][dim]      value projection, {@code bv} [vDim] or null
 * @param qNorm        [headDim]        per-head RMSNorm gain of the queries (Qwen3), or null
 * @param kNorm        [headDim]        per-head RMSNorm gain of the keys (Qwen3), or null
 * @param wo           [dim][heads*valueHeadDim] attention output projection, {@code bo} [dim] or null
 * @param ffnNorm      [dim]            norm gain before the feed-forward, {@code ffnNormBias} [dim] with LayerNorm
 * @param gate         [ffnDim][dim]    SwiGLU gate (silu branch); null for GELU
 * @param up           [ffnDim][dim]    up projection, {@code upBias} [ffnDim] or null
 * @param down         [dim][ffnDim]    feed-forward output projection, {@code downBias} [dim] or null
 */
public record LayerWeights(
        float[] attnNorm, float[] attnNormBias,
        Weights wq, float[] bq,
        Weights wk, float[] bk,
        Weights wv, float[] bv,
        float[] qNorm, float[] kNorm,
        Weights wo, float[] bo,
        float[] ffnNorm, float[] ffnNormBias,
        Weights gate,
        Weights up, float[] upBias,
        Weights down, float[] downBias) {
}
