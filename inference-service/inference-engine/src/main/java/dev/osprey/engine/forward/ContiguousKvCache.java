package dev.osprey.engine.forward;

/**
 * One float array per layer for keys and one for values, {@code [capacity][kvDim]} each: the simple
 * cache for a single sequence (the CLI, tests). Heap use is {@code 2 * layers * capacity * kvDim * 4}
 * bytes, allocated up front.
 */
public final class ContiguousKvCache implements KvCache {
    private final float[][] keys;   // [layers][capacity * kvDim]
    private final float[][] values; // [layers][capacity * vDim]
    private final int kvDim;
    private final int vDim;
    private final int capacity;

    public ContiguousKvCache(int layers, int kvDim, int vDim, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("KV cache capacity must be positive, got " + capacity);
        }
        if ((long) capacity * Math.max(kvDim, vDim) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("KV cache of " + capacity + " positions x " + kvDim
                    + " floats does not fit one array per layer");
        }
        this.kvDim = kvDim;
        this.vDim = vDim;
        this.capacity = capacity;
        this.keys = new float[layers][capacity * kvDim];
        this.values = new float[layers][capacity * vDim];
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public float[] keyArray(int layer, int position) {
        return keys[layer];
    }

    @Override
    public int keyOffset(int layer, int position) {
        return position * kvDim;
    }

    @Override
    public float[] valueArray(int layer, int position) {
        return values[layer];
    }

    @Override
    public int valueOffset(int layer, int position) {
        return position * vDim;
    }
}
