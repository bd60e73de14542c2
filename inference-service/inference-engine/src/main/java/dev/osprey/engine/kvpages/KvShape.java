package dev.osprey.engine.kvpages;

/**
 * What a model stores per token: for each of {@code layers} layers and {@code kvHeads} K/V heads, a key
 * row of {@code headDim} and a value row of {@code valueHeadDim} elements, in {@code type}.
 *
 * @throws IllegalArgumentException if a dimension is not positive or {@code type} cannot store the rows
 */
public record KvShape(int layers, int kvHeads, int headDim, int valueHeadDim, KvType type) {

    public KvShape {
        if (layers <= 0 || kvHeads <= 0 || headDim <= 0 || valueHeadDim <= 0) {
            throw new IllegalArgumentException("KV shape needs positive sizes: " + layers + " layers, " + kvHeads
                    + " KV heads, head dims " + headDim + "/" + valueHeadDim);
        }
        type.rowBytes(headDim);
        type.rowBytes(valueHeadDim);
    }

    public int keyRowBytes() {
        return type.rowBytes(headDim);
    }

    public int valueRowBytes() {
        return type.rowBytes(valueHeadDim);
    }

    /** Bytes of one token's keys and values across all layers: llama.cpp's figure for the same type. */
    public long bytesPerToken() {
        return (long) layers * kvHeads * (keyRowBytes() + valueRowBytes());
    }

    public KvShape withType(KvType t) {
        return new KvShape(layers, kvHeads, headDim, valueHeadDim, t);
    }
}
