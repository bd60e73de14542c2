package dev.osprey.engine.kv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A fixed set of KV blocks ({@code 0 .. totalBlocks-1}) with reference counts and a prefix cache.
 *
 * <p>Blocks whose reference count is zero sit in the free queue in eviction order: never-used blocks
 * first in id order, then released blocks in the order they were released. {@link #allocate} takes
 * the head. A free block may still hold a full block registered under its {@link BlockHash}: it can be
 * revived by {@link #lookup} + {@link #retain} until allocation reuses it, which evicts the entry
 * (least recently released first).
 *
 * <p>Not thread-safe: the engine thread owns it.
 */
public final class BlockPool {
    private static final int NONE = -1;

    private final int totalBlocks;
    private final int blockSize;
    private final int[] refCount;
    private final BlockHash[] hashOf;
    private final int[] prev;
    private final int[] next;
    private final Map<BlockHash, Integer> cached = new HashMap<>();
    private int head = NONE;
    private int tail = NONE;
    private int freeCount;
    private long lookups;
    private long hits;
    private long evictions;

    public BlockPool(int totalBlocks, int blockSize) {
        if (totalBlocks <= 0) {
            throw new IllegalArgumentException("a block pool needs at least one block, got " + totalBlocks);
        }
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        }
        this.totalBlocks = totalBlocks;
        this.blockSize = blockSize;
        this.refCount = new int[totalBlocks];
        this.hashOf = new BlockHash[totalBlocks];
        this.prev = new int[totalBlocks];
        this.next = new int[totalBlocks];
        Arrays.fill(prev, NONE);
        Arrays.fill(next, NONE);
        for (int b = 0; b < totalBlocks; b++) {
            append(b);
        }
    }

    public int totalBlocks() {
        return totalBlocks;
    }

    /** Tokens per block. */
    public int blockSize() {
        return blockSize;
    }

    /** Blocks {@link #allocate} can hand out now (unreferenced, cached or not). */
    public int freeBlocks() {
        return freeCount;
    }

    /** Blocks referenced by at least one sequence. */
    public int usedBlocks() {
        return totalBlocks - freeCount;
    }

    /** Full blocks registered in the prefix cache, referenced or not. */
    public int cachedBlocks() {
        return cached.size();
    }

    public int refCount(int block) {
        return refCount[block];
    }

    /** Prefix-cache probes so far, and how many found a block. */
    public long lookups() {
        return lookups;
    }

    public long hits() {
        return hits;
    }

    /** Cached blocks dropped from the prefix cache because allocation reused them. */
    public long evictions() {
        return evictions;
    }

    /**
     * Takes the head of the free queue with reference count 1, evicting its prefix-cache entry if it
     * has one.
     *
     * @throws IllegalStateException if no block is free (callers check {@link #freeBlocks} first)
     */
    public int allocate() {
        if (head == NONE) {
            throw new IllegalStateException("no free KV block (all " + totalBlocks + " are referenced)");
        }
        int block = head;
        unlink(block);
        if (hashOf[block] != null) {
            cached.remove(hashOf[block], block);
            hashOf[block] = null;
            evictions++;
        }
        refCount[block] = 1;
        return block;
    }

    /** Adds a reference; a free (cached) block leaves the free queue. */
    public void retain(int block) {
        if (refCount[block]++ == 0) {
            unlink(block);
        }
    }

    /** Drops a reference; at zero the block joins the tail of the free queue, keeping its cache entry. */
    public void release(int block) {
        if (refCount[block] <= 0) {
            throw new IllegalStateException("KV block " + block + " released more often than retained");
        }
        if (--refCount[block] == 0) {
            append(block);
        }
    }

    /** The cached block holding {@code hash}, or -1; counts as one lookup (and a hit when found). */
    public int lookup(BlockHash hash) {
        lookups++;
        Integer block = cached.get(hash);
        if (block == null) {
            return NONE;
        }
        hits++;
        return block;
    }

    /**
     * Registers a referenced, fully written block under {@code hash}. Returns false, changing nothing,
     * when another block already holds that hash (the caller's copy stays private) or this block is
     * already registered.
     */
    public boolean register(int block, BlockHash hash) {
        if (refCount[block] == 0) {
            throw new IllegalStateException("KV block " + block + " is not referenced; only live blocks are registered");
        }
        if (hashOf[block] != null || cached.containsKey(hash)) {
            return false;
        }
        cached.put(hash, block);
        hashOf[block] = hash;
        return true;
    }

    /** The hash a block is registered under, or null. */
    public BlockHash hashOf(int block) {
        return hashOf[block];
    }

    private void append(int block) {
        prev[block] = tail;
        next[block] = NONE;
        if (tail == NONE) {
            head = block;
        } else {
            next[tail] = block;
        }
        tail = block;
        freeCount++;
    }

    private void unlink(int block) {
        int p = prev[block];
        int n = next[block];
        if (p == NONE) {
            head = n;
        } else {
            next[p] = n;
        }
        if (n == NONE) {
            tail = p;
        } else {
            prev[n] = p;
        }
        prev[block] = NONE;
        next[block] = NONE;
        freeCount--;
    }
}
