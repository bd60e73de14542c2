package dev.osprey.engine.kvpages;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The physical pages of a KV cache in native memory: {@code blocks} blocks of {@code blockSize} token
 * slots for a {@link KvShape}. Keys come first, then values:
 * <pre>
 *   keys   [layers][blocks][kvHeads][blockSize][keyRowBytes]
 *   values [layers][blocks][kvHeads][blockSize][valueRowBytes]
 * </pre>
 * so one K (or V) head of one block is {@code blockSize} contiguous rows: decode attention streams it
 * once for every query head of its GQA group. Which block holds which positions is the owner's business
 * (a block table); this class only addresses (layer, block, head, slot). Written one token at a time by
 * the forward pass; read by the attention kernels.
 */
public final class KvPages {
    private final KvShape shape;
    private final int blockSize;
    private final int blocks;
    private final MemorySegment memory;
    private final long valuesAt;

    private KvPages(KvShape shape, int blockSize, int blocks, MemorySegment memory) {
        this.shape = shape;
        this.blockSize = blockSize;
        this.blocks = blocks;
        this.memory = memory;
        this.valuesAt = (long) shape.layers() * blocks * keyBlockStrideOf(shape, blockSize);
    }

    /**
     * Zeroed pages valid until {@code arena} closes.
     *
     * @throws IllegalArgumentException if {@code blockSize} or {@code blocks} is not positive
     */
    public static KvPages allocate(KvShape shape, int blockSize, int blocks, Arena arena) {
        if (blockSize <= 0 || blocks <= 0) {
            throw new IllegalArgumentException("KV pages need positive block size and count, got " + blockSize
                    + " x " + blocks);
        }
        long bytes = Math.multiplyExact(bytesPerBlock(shape, blockSize), (long) blocks);
        return new KvPages(shape, blockSize, blocks, OffHeap.allocate(bytes, arena));
    }

    /** Bytes one block takes across all layers, keys and values. */
    public static long bytesPerBlock(KvShape shape, int blockSize) {
        return shape.bytesPerToken() * blockSize;
    }

    private static long keyBlockStrideOf(KvShape shape, int blockSize) {
        return (long) shape.kvHeads() * blockSize * shape.keyRowBytes();
    }

    public KvShape shape() {
        return shape;
    }

    public KvType type() {
        return shape.type();
    }

    public int blockSize() {
        return blockSize;
    }

    public int blocks() {
        return blocks;
    }

    /** All pages: {@link #byteSize()} bytes. */
    public MemorySegment memory() {
        return memory;
    }

    public long byteSize() {
        return memory.byteSize();
    }

    /** Bytes from one block's key head to the same head of the next block id. */
    public long keyBlockStride() {
        return keyBlockStrideOf(shape, blockSize);
    }

    public long valueBlockStride() {
        return (long) shape.kvHeads() * blockSize * shape.valueRowBytes();
    }

    /** Offset of the key row (layer, block 0, kvHead, slot 0); add {@code block * keyBlockStride()}. */
    public long keyHead(int layer, int kvHead) {
        return layer * blocks * keyBlockStride() + (long) kvHead * blockSize * shape.keyRowBytes();
    }

    public long valueHead(int layer, int kvHead) {
        return valuesAt + layer * blocks * valueBlockStride() + (long) kvHead * blockSize * shape.valueRowBytes();
    }

    /** Offset of the key row (layer, block, kvHead, slot). */
    public long keyRow(int layer, int block, int kvHead, int slot) {
        return keyHead(layer, kvHead) + block * keyBlockStride() + (long) slot * shape.keyRowBytes();
    }

    public long valueRow(int layer, int block, int kvHead, int slot) {
        return valueHead(layer, kvHead) + block * valueBlockStride() + (long) slot * shape.valueRowBytes();
    }

    /**
     * Stores one token's keys {@code k[kOff ..][kvHeads*headDim]} and values {@code v[vOff ..][kvHeads*valueHeadDim]}
     * of {@code layer} in (block, slot), encoded in the pages' type.
     */
    public void write(int layer, int block, int slot, float[] k, int kOff, float[] v, int vOff) {
        if (layer < 0 || layer >= shape.layers() || block < 0 || block >= blocks || slot < 0 || slot >= blockSize) {
            throw new IndexOutOfBoundsException("KV slot (layer " + layer + ", block " + block + ", slot " + slot
                    + ") outside " + shape.layers() + " layers x " + blocks + " blocks x " + blockSize);
        }
        KvType type = shape.type();
        int hd = shape.headDim();
        int vd = shape.valueHeadDim();
        for (int h = 0; h < shape.kvHeads(); h++) {
            type.encode(k, kOff + h * hd, hd, memory, keyRow(layer, block, h, slot));
            type.encode(v, vOff + h * vd, vd, memory, valueRow(layer, block, h, slot));
        }
    }
}
