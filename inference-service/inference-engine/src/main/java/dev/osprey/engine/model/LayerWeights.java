package dev.osprey.engine.model;

import dev.osprey.engine.tensor.Weights;

/**
 * One transformer block's parameters. Matrices are {@code [out][in]}; vectors are plain floats.
 * Biases are null when the file has none.
 *
 * @param attnNorm [dim]            RMSNorm gain before attention
 * @param wq       [qDim][dim]      query projection, {@code bq} [qDim] or null
 * @param wk       [kvDim][dim]     key projection, {@code bk} [kvDim] or null
 * @param wv       [vDim][dim]      value projection, {@code bv} [vDim] or null
 * @param wo       [dim][heads*valueHeadDim] attention output projection
 * @param ffnNorm  [dim]            RMSNorm gain before the feed-forward
 * @param gate     [ffnDim][dim]    SwiGLU gate (silu branch)
 * @param up       [ffnDim][dim]    SwiGLU up (linear branch)
 * @param down     [dim][ffnDim]    feed-forward output projection
 */
public record LayerWeights(
        float[] attnNorm,
        Weights wq, float[] bq,
        Weights wk, float[] bk,
        Weights wv, float[] bv,
        Weights wo,
        float[] ffnNorm,
        Weights gate,
        Weights up,
        Weights down) {
}
