package dev.osprey.engine.kv;

import dev.osprey.engine.forward.KvCache;
import dev.osprey.engine.kvpages.KvPages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One sequence's block table: position {@code p} lives in block {@code blocks[p / blockSize]} at
 * index {@code p % blockSize}. The forward pass reads and writes through it as a {@link KvCache};
 * {@link KvCacheManager} grows and frees it. Also keeps the hashes of its full blocks (a chain: block
 * i's hash covers every token before its end), so a block can be registered once it is written.
 */
public final class SequenceBlocks implements KvCache {
    private final KvStorage storage;
    private final String namespace;
    private final int blockSize;
    private int[] blocks = new int[8];
    private int count;
    /** Leading blocks already handed back because they fell out of the sliding window; their entries are -1. */
    private int released;
    private final List<BlockHash> hashes = new ArrayList<>();

    SequenceBlocks(KvStorage storage, String namespace) {
        this.storage = storage;
        this.namespace = namespace;
        this.blockSize = storage.blockSize();
    }

    public String namespace() {
        return namespace;
    }

    /** Block ids in position order; -1 for blocks released out of the sliding window. */
    public int[] blockIds() {
        return Arrays.copyOf(blocks, count);
    }

    /** Leading blocks released out of the sliding window. */
    public int releasedBlocks() {
        return released;
    }

    /** Blocks this sequence holds now (its table less the released ones). */
    public int heldBlocks() {
        return count - released;
    }

    /** Marks the next leading block released and returns its id. */
    int releaseNext() {
        int block = blocks[released];
        blocks[released++] = -1;
        return block;
    }

    public int blockCount() {
        return count;
    }

    int block(int i) {
        return blocks[i];
    }

    void add(int block) {
        if (count == blocks.length) {
            blocks = Arrays.copyOf(blocks, 2 * count);
        }
        blocks[count++] = block;
    }

    void clear() {
        count = 0;
        released = 0;
        hashes.clear();
    }

    List<BlockHash> hashes() {
        return hashes;
    }

    @Override
    public int capacity() {
        return count * blockSize;
    }

    @Override
    public KvPages pages() {
        return storage.pages();
    }

    @Override
    public int[] blockTable() {
        return blocks;
    }
}
