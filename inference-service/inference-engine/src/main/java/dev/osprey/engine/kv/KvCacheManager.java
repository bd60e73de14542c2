package dev.osprey.engine.kv;

import dev.osprey.engine.kvpages.KvShape;

/**
 * Hands out blocks to sequences over one {@link BlockPool} and {@link KvStorage}: prefix-cache hits
 * at admission, growth as tokens are scheduled, registration of blocks once full, release in reverse
 * order when a sequence ends or is preempted (so a sequence's tail is evicted before its shareable
 * head). Not thread-safe: the engine thread owns it.
 */
public final class KvCacheManager implements AutoCloseable {
    private final BlockPool pool;
    private final KvStorage storage;
    private final int slidingWindow;

    public KvCacheManager(BlockPool pool, KvStorage storage) {
        this(pool, storage, 0);
    }

    /**
     * @param slidingWindow the model's attention window in tokens (0 for none): blocks wholly before the
     *                      window of a sequence's next token are released ({@link #releaseOutOfWindow})
     */
    public KvCacheManager(BlockPool pool, KvStorage storage, int slidingWindow) {
        if (pool.totalBlocks() != storage.blocks() || pool.blockSize() != storage.blockSize()) {
            throw new IllegalArgumentException("pool of " + pool.totalBlocks() + "x" + pool.blockSize()
                    + " does not match storage of " + storage.blocks() + "x" + storage.blockSize());
        }
        if (slidingWindow < 0) {
            throw new IllegalArgumentException("sliding window must be at least 0, got " + slidingWindow);
        }
        this.pool = pool;
        this.storage = storage;
        this.slidingWindow = slidingWindow;
    }

    /**
     * A cache of {@code shape} in at most {@code budgetBytes} of native memory.
     *
     * @throws IllegalArgumentException if the budget does not hold one block
     */
    public static KvCacheManager forBudget(KvShape shape, int blockSize, long budgetBytes, int slidingWindow) {
        int blocks = KvStorage.blocksFor(budgetBytes, shape, blockSize);
        if (blocks < 1) {
            throw new IllegalArgumentException("a KV budget of " + budgetBytes + " bytes does not hold one block of "
                    + blockSize + " tokens (" + KvStorage.bytesPerBlock(shape, blockSize) + " bytes for this model)");
        }
        KvStorage storage = new KvStorage(shape, blockSize, blocks);
        return new KvCacheManager(new BlockPool(blocks, blockSize), storage, slidingWindow);
    }

    public int slidingWindow() {
        return slidingWindow;
    }

    /**
     * Blocks one sequence holds at most while it runs chunks of up to {@code chunkTokens}, for a
     * sequence of {@code tokens} positions: all of them, or with a sliding window the window's blocks,
     * the chunk's and one a position may straddle.
     */
    public int blocksHeldAtMost(int tokens, int chunkTokens) {
        return blocksHeldAtMost(tokens, chunkTokens, pool.blockSize(), slidingWindow);
    }

    /** {@link #blocksHeldAtMost(int, int)} for a cache of {@code blockSize} and {@code slidingWindow} (0: none). */
    public static int blocksHeldAtMost(int tokens, int chunkTokens, int blockSize, int slidingWindow) {
        int all = (tokens + blockSize - 1) / blockSize;
        return slidingWindow == 0 ? all
                : Math.min(all, (slidingWindow + chunkTokens + blockSize - 1) / blockSize + 1);
    }

    /**
     * With a sliding window, releases the blocks of {@code seq} that no token from position {@code
     * computed} on can see: block {@code i} once {@code (i + 1) * blockSize <= computed - window + 1}.
     * Called after each step; returns how many blocks it released. Released blocks keep their
     * prefix-cache registration until reused.
     */
    public int releaseOutOfWindow(SequenceBlocks seq, int computed) {
        if (slidingWindow == 0) {
            return 0;
        }
        int dead = Math.min(Math.max(0, computed - slidingWindow + 1) / pool.blockSize(), seq.blockCount());
        int n = 0;
        while (seq.releasedBlocks() < dead) {
            pool.release(seq.releaseNext());
            n++;
        }
        return n;
    }

    /** The pages' total size in bytes. */
    public long byteSize() {
        return storage.pages().byteSize();
    }

    public BlockPool pool() {
        return pool;
    }

    public int blockSize() {
        return pool.blockSize();
    }

    /** An empty block table whose full blocks are shared only within {@code namespace}. */
    public SequenceBlocks newSequence(String namespace) {
        return new SequenceBlocks(storage, namespace == null ? "" : namespace);
    }

    /**
     * Attaches to an empty {@code seq} the longest run of cached full blocks that starts
     * {@code tokens[0 .. length)}, never including the block that holds the last token (whose logits
     * must be computed). Returns the number of tokens now covered (a multiple of the block size).
     */
    public int attachCachedPrefix(SequenceBlocks seq, int[] tokens, int length) {
        if (seq.blockCount() != 0) {
            throw new IllegalStateException("cached prefixes attach to empty sequences only");
        }
        int size = pool.blockSize();
        int candidates = (length - 1) / size;
        BlockHash parent = null;
        for (int i = 0; i < candidates; i++) {
            BlockHash hash = BlockHash.of(parent, seq.namespace(), tokens, i * size, size);
            int block = pool.lookup(hash);
            if (block < 0) {
                break;
            }
            pool.retain(block);
            seq.add(block);
            seq.hashes().add(hash);
            parent = hash;
        }
        return seq.blockCount() * size;
    }

    /** Blocks that hold positions {@code [0, tokens)}. */
    public int blocksFor(int tokens) {
        int size = pool.blockSize();
        return (tokens + size - 1) / size;
    }

    /** Blocks {@code seq} still needs to hold positions {@code [0, tokens)}. */
    public int blocksNeeded(SequenceBlocks seq, int tokens) {
        return Math.max(0, blocksFor(tokens) - seq.blockCount());
    }

    /** Grows {@code seq} to hold {@code tokens} positions; all or nothing, false if blocks are short. */
    public boolean ensureCapacity(SequenceBlocks seq, int tokens) {
        int need = blocksNeeded(seq, tokens);
        if (need > pool.freeBlocks()) {
            return false;
        }
        for (int i = 0; i < need; i++) {
            seq.add(pool.allocate());
        }
        return true;
    }

    /**
     * Registers every block of {@code seq} that is now full of computed tokens ({@code tokens[0 ..
     * computed)}) and not yet registered, so later sequences with the same prefix can share it.
     */
    public void cacheFullBlocks(SequenceBlocks seq, int[] tokens, int computed) {
        int size = pool.blockSize();
        int full = Math.min(computed / size, seq.blockCount());
        for (int i = seq.hashes().size(); i < full; i++) {
            BlockHash parent = i == 0 ? null : seq.hashes().get(i - 1);
            BlockHash hash = BlockHash.of(parent, seq.namespace(), tokens, i * size, size);
            seq.hashes().add(hash);
            if (seq.block(i) >= 0) {
                pool.register(seq.block(i), hash);
            }
        }
    }

    /** Releases every block {@code seq} still holds, last block first, and leaves it empty. */
    public void free(SequenceBlocks seq) {
        for (int i = seq.blockCount() - 1; i >= seq.releasedBlocks(); i--) {
            pool.release(seq.block(i));
        }
        seq.clear();
    }

    /** Frees the pages; every sequence's blocks become unusable. */
    @Override
    public void close() {
        storage.close();
    }
}
