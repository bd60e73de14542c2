package dev.osprey.engine.model;

import dev.osprey.engine.kvpages.KvShape;
import dev.osprey.engine.kvpages.KvType;

/**
 * The shape and hyper-parameters of a decoder-only transformer, read from GGUF metadata.
 *
 * @param architecture     {@code general.architecture}, e.g. "llama", "qwen2"
 * @param block            the block's wiring (norm kind, feed-forward, q/k norms)
 * @param layers           number of transformer blocks
 * @param dim              embedding (residual stream) width
 * @param heads            query heads
 * @param kvHeads          key/value heads (GQA: heads is a multiple of kvHeads)
 * @param headDim          width of one query/key head
 * @param valueHeadDim     width of one value head
 * @param ffnDim           hidden width of the SwiGLU feed-forward
 * @param vocabSize        rows of the embedding and output matrices
 * @param contextLength    positions the model was trained for
 * @param normEps          the norms' epsilon (RMSNorm's or LayerNorm's, {@link BlockShape#epsilonKey()})
 * @param rope             rotary position embedding parameters
 * @param slidingWindow    attention window in positions (a token sees itself and the window-1 before
 *                         it), or 0 for full causal attention
 */
public record ModelConfig(
        String architecture,
        BlockShape block,
        int layers,
        int dim,
        int heads,
        int kvHeads,
        int headDim,
        int valueHeadDim,
        int ffnDim,
        int vocabSize,
        int contextLength,
        float normEps,
        RopeConfig rope,
        int slidingWindow) {

    public ModelConfig {
        java.util.Objects.requireNonNull(block, "block");
        positive("block_count", layers);
        positive("embedding_length", dim);
        positive("attention.head_count", heads);
        positive("attention.head_count_kv", kvHeads);
        positive("attention.key_length", headDim);
        positive("attention.value_length", valueHeadDim);
        positive("feed_forward_length", ffnDim);
        positive("vocab size", vocabSize);
        positive("context_length", contextLength);
        if (heads % kvHeads != 0) {
            throw new ModelFormatException(architecture + ": head_count " + heads
                    + " is not a multiple of head_count_kv " + kvHeads);
        }
        if (rope.dimensions() > headDim || rope.dimensions() % 2 != 0) {
            throw new ModelFormatException(architecture + ": rope.dimension_count " + rope.dimensions()
                    + " must be even and at most the head size " + headDim);
        }
        if (slidingWindow < 0) {
            throw new ModelFormatException(architecture + ": attention.sliding_window " + slidingWindow + " < 0");
        }
        if (!(normEps > 0)) {
            throw new ModelFormatException(architecture + ": " + block.epsilonKey() + " " + normEps + " must be > 0");
        }
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new ModelFormatException("model metadata '" + key + "' must be positive, got " + value);
        }
    }

    /** Width of all query heads together. */
    public int qDim() {
        return heads * headDim;
    }

    /** Width of all key heads together (one cached key vector per position and layer). */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /** Width of all value heads together. */
    public int vDim() {
        return kvHeads * valueHeadDim;
    }

    /**
     * What this model keeps per token in a KV cache of {@code type}.
     *
     * @throws IllegalArgumentException if {@code type} cannot store this model's heads (q8_0 needs head
     *                                  sizes that are multiples of 32)
     */
    public KvShape kvShape(KvType type) {
        return new KvShape(layers, kvHeads, headDim, valueHeadDim, type);
    }

    /** Query heads per key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }
}
