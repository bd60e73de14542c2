package dev.osprey.engine.kv;

import dev.osprey.engine.kvpages.KvPages;
import dev.osprey.engine.kvpages.KvShape;
import java.lang.foreign.Arena;

/**
 * The physical pages of the paged KV cache ({@link KvPages}: native memory, the model's KV element type),
 * allocated once, up front, and freed by {@link #close}.
 */
public final class KvStorage implements AutoCloseable {
    private final Arena arena;
    private final KvPages pages;

    public KvStorage(KvShape shape, int blockSize, int blocks) {
        this.arena = Arena.ofShared();
        try {
            this.pages = KvPages.allocate(shape, blockSize, blocks, arena);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /** Bytes one block takes across all layers, keys and values. */
    public static long bytesPerBlock(KvShape shape, int blockSize) {
        return KvPages.bytesPerBlock(shape, blockSize);
    }

    /** How many blocks fit in {@code budgetBytes}. */
    public static int blocksFor(long budgetBytes, KvShape shape, int blockSize) {
        return (int) Math.min(Integer.MAX_VALUE, budgetBytes / bytesPerBlock(shape, blockSize));
    }

    public int blocks() {
        return pages.blocks();
    }

    public int blockSize() {
        return pages.blockSize();
    }

    public KvPages pages() {
        return pages;
    }

    /** Frees the pages; no sequence may be read or written afterwards. */
    @Override
    public void close() {
        arena.close();
    }
}
