package dev.osprey.engine.kv;

/**
 * The physical pages of a paged KV cache: per layer, one key array {@code [blocks][blockSize][kvDim]}
 * and one value array {@code [blocks][blockSize][vDim]}, flattened. Allocated once, up front.
 */
public final class KvStorage {
    private final float[][] keys;   // [layers][blocks * blockSize * kvDim]
    private final float[][] values; // [layers][blocks * blockSize * vDim]
    private final int blockSize;
    private final int kvDim;
    private final int vDim;
    private final int blocks;

    public KvStorage(int layers, int kvDim, int vDim, int blockSize, int blocks) {
        long perLayer = (long) blocks * blockSize * Math.max(kvDim, vDim);
        if (perLayer > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(blocks + " KV blocks of " + blockSize + " tokens x "
                    + Math.max(kvDim, vDim) + " floats exceed one array per layer; lower the KV budget");
        }
        this.blockSize = blockSize;
        this.kvDim = kvDim;
        this.vDim = vDim;
        this.blocks = blocks;
        this.keys = new float[layers][blocks * blockSize * kvDim];
        this.values = new float[layers][blocks * blockSize * vDim];
    }

    /** Bytes one block takes across all layers, keys and values. */
    public static long bytesPerBlock(int layers, int kvDim, int vDim, int blockSize) {
        return (long) layers * blockSize * (kvDim + vDim) * Float.BYTES;
    }

    /** How many blocks fit in {@code budgetBytes}. */
    public static int blocksFor(long budgetBytes, int layers, int kvDim, int vDim, int blockSize) {
        return (int) Math.min(Integer.MAX_VALUE, budgetBytes / bytesPerBlock(layers, kvDim, vDim, blockSize));
    }

    public int blocks() {
        return blocks;
    }

    public int blockSize() {
        return blockSize;
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Offset of the key vector of slot {@code slot} (block * blockSize + index in block). */
    int keyOffset(int slot) {
        return slot * kvDim;
    }

    int valueOffset(int slot) {
        return slot * vDim;
    }
}
