package dev.osprey.engine.forward;

/**
 * Key/value storage of one sequence: for every layer and position, a key vector of {@code kvDim}
 * floats and a value vector of {@code vDim} floats. The forward pass writes a position's vectors once
 * (when the token at that position is processed) and reads them for every later token; it never sees
 * how storage is organised (contiguous here, paged blocks in the inference service).
 */
public interface KvCache {

    /** Positions this cache can hold; the forward pass refuses to write past it. */
    int capacity();

    /** Backing array of the key vector at (layer, position); the vector starts at {@link #keyOffset}. */
    float[] keyArray(int layer, int position);

    int keyOffset(int layer, int position);

    /** Backing array of the value vector at (layer, position); the vector starts at {@link #valueOffset}. */
    float[] valueArray(int layer, int position);

    int valueOffset(int layer, int position);
}
