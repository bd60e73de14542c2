package dev.osprey.engine.forward;

import dev.osprey.engine.kvpages.KvPages;
import dev.osprey.engine.kvpages.KvShape;
import java.lang.foreign.Arena;

/**
 * The simple cache of a single sequence (the CLI, tests, benchmarks): pages of its own for {@code
 * capacity} positions, block {@code i} holding positions {@code [i*BLOCK, (i+1)*BLOCK)}, allocated up front
 * ({@code capacity} rounded up to a block, times {@link KvShape#bytesPerToken()}, in native memory) and
 * freed when the cache is garbage collected.
 */
public final class ContiguousKvCache implements KvCache {
    /** Tokens per block: one attention tile. */
    static final int BLOCK = 32;

    private final KvPages pages;
    private final int[] table;
    private final int capacity;

    public ContiguousKvCache(KvShape shape, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("KV cache capacity must be positive, got " + capacity);
        }
        int blocks = (capacity + BLOCK - 1) / BLOCK;
        this.pages = KvPages.allocate(shape, BLOCK, blocks, Arena.ofAuto());
        this.table = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            table[i] = i;
        }
        this.capacity = capacity;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public KvPages pages() {
        return pages;
    }

    @Override
    public int[] blockTable() {
        return table;
    }
}
