package dev.osprey.engine.kv;

import dev.osprey.engine.kvpages.KvShape;
import dev.osprey.engine.kvpages.KvType;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Block ids, reference counts, hits and eviction order at toy sizes: 6 blocks of 4 tokens. */
class KvCacheManagerTest {
    private static final int SIZE = 4;

    private final BlockPool pool = new BlockPool(6, SIZE);
    private final KvCacheManager kv = new KvCacheManager(pool, new KvStorage(new KvShape(2, 1, 3, 3, KvType.F32), SIZE, 6));

    private static int[] tokens(int n, int seed) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = seed * 100 + i;
        }
        return t;
    }

    /** Computes a whole sequence: allocate, "write" every position, register full blocks. */
    private SequenceBlocks run(int[] t, String namespace) {
        SequenceBlocks seq = kv.newSequence(namespace);
        int cached = kv.attachCachedPrefix(seq, t, t.length);
        assertThat(kv.ensureCapacity(seq, t.length)).isTrue();
        kv.cacheFullBlocks(seq, t, t.length);
        assertThat(cached % SIZE).isZero();
        return seq;
    }

    @Test
    void growsBlockByBlockAndMapsPositionsThroughTheTable() {
        SequenceBlocks seq = kv.newSequence("");
        assertThat(kv.ensureCapacity(seq, 5)).isTrue();
        assertThat(seq.blockIds()).containsExactly(0, 1);
        assertThat(seq.capacity()).isEqualTo(8);
        assertThat(kv.ensureCapacity(seq, 8)).isTrue();
        assertThat(seq.blockIds()).containsExactly(0, 1);
        assertThat(kv.ensureCapacity(seq, 9)).isTrue();
        assertThat(seq.blockIds()).containsExactly(0, 1, 2);
        seq.write(1, 5, new float[] {1, 2, 3}, 0, new float[] {4, 5, 6}, 0);
        var pages = seq.pages();
        assertThat(pages.keyRow(1, 1, 0, 1)).isEqualTo(pages.keyRow(1, 0, 0, 0) + pages.keyBlockStride() + 12);
        assertThat(pages.memory().get(java.lang.foreign.ValueLayout.JAVA_FLOAT, pages.keyRow(1, 1, 0, 1) + 8)).isEqualTo(3f);
        assertThat(pages.memory().get(java.lang.foreign.ValueLayout.JAVA_FLOAT, pages.valueRow(1, 1, 0, 1))).isEqualTo(4f);
    }

    @Test
    void allOrNothingWhenBlocksRunShort() {
        SequenceBlocks a = kv.newSequence("");
        assertThat(kv.ensureCapacity(a, 20)).isTrue();
        SequenceBlocks b = kv.newSequence("");
        assertThat(kv.ensureCapacity(b, 8)).isFalse();
        assertThat(b.blockCount()).isZero();
        assertThat(kv.ensureCapacity(b, 4)).isTrue();
        assertThat(pool.freeBlocks()).isZero();
    }

    @Test
    void secondSequenceWithTheSamePrefixSharesFullBlocksButNotTheLastToken() {
        int[] t = tokens(10, 1);
        SequenceBlocks first = run(t, "");
        assertThat(first.blockIds()).containsExactly(0, 1, 2);
        assertThat(pool.cachedBlocks()).isEqualTo(2);

        SequenceBlocks second = kv.newSequence("");
        assertThat(kv.attachCachedPrefix(second, t, t.length)).isEqualTo(8);
        assertThat(second.blockIds()).containsExactly(0, 1);
        assertThat(pool.refCount(0)).isEqualTo(2);
        assertThat(pool.refCount(1)).isEqualTo(2);
        assertThat(pool.refCount(2)).isEqualTo(1);
        assertThat(pool.hits()).isEqualTo(2);

        int[] exact = tokens(8, 1);
        SequenceBlocks third = kv.newSequence("");
        assertThat(kv.attachCachedPrefix(third, exact, exact.length)).isEqualTo(4);
        assertThat(third.blockIds()).containsExactly(0);
    }

    @Test
    void namespacesDoNotShare() {
        int[] t = tokens(9, 2);
        run(t, "a");
        SequenceBlocks other = kv.newSequence("b");
        assertThat(kv.attachCachedPrefix(other, t, t.length)).isZero();
        assertThat(pool.lookups()).isEqualTo(2);
        assertThat(pool.hits()).isZero();
    }

    @Test
    void freeReleasesTailFirstSoTheTailIsEvictedFirst() {
        int[] t = tokens(13, 3);
        SequenceBlocks seq = run(t, "");
        assertThat(seq.blockIds()).containsExactly(0, 1, 2, 3);
        kv.free(seq);
        assertThat(seq.blockCount()).isZero();
        assertThat(pool.freeBlocks()).isEqualTo(6);
        assertThat(pool.cachedBlocks()).isEqualTo(3);

        SequenceBlocks other = kv.newSequence("");
        assertThat(kv.ensureCapacity(other, 16)).isTrue();
        assertThat(other.blockIds()).containsExactly(4, 5, 3, 2);
        assertThat(pool.evictions()).isEqualTo(1);
        assertThat(pool.cachedBlocks()).isEqualTo(2);

        SequenceBlocks again = kv.newSequence("");
        assertThat(kv.attachCachedPrefix(again, t, t.length)).isEqualTo(8);
        assertThat(again.blockIds()).containsExactly(0, 1);
    }

    @Test
    void budgetBecomesBlocksByTheModelShape() {
        KvShape f32 = new KvShape(24, 2, 64, 64, KvType.F32);
        assertThat(KvStorage.bytesPerBlock(f32, 16)).isEqualTo(24L * 16 * 256 * 4);
        assertThat(KvStorage.blocksFor(512L << 20, f32, 16)).isEqualTo((int) ((512L << 20) / (24L * 16 * 256 * 4)));
    }

    /**
     * Window 6, blocks of 4 (6 blocks in the pool): after computing C tokens the next token sees [C-5, C],
     * so block i is released once 4(i+1) <= C-5: block 0 at C = 9, block 1 at C = 13, block 2 at C = 17.
     */
    @Test
    void aSlidingWindowReleasesEachBlockAtTheStepItLeavesTheWindow() {
        BlockPool windowPool = new BlockPool(6, SIZE);
        KvCacheManager windowed = new KvCacheManager(windowPool, new KvStorage(new KvShape(1, 1, 3, 3, KvType.F32), SIZE, 6), 6);
        SequenceBlocks seq = windowed.newSequence("");
        int[] t = tokens(24, 7);
        java.util.List<String> events = new java.util.ArrayList<>();
        for (int computed = 1; computed <= 24; computed++) {
            assertThat(windowed.ensureCapacity(seq, computed)).as("room at %d", computed).isTrue();
            windowed.cacheFullBlocks(seq, t, computed);
            int before = windowPool.freeBlocks();
            int released = windowed.releaseOutOfWindow(seq, computed);
            assertThat(windowPool.freeBlocks() - before).isEqualTo(released);
            if (released > 0) {
                events.add(computed + ":" + java.util.Arrays.toString(seq.blockIds()));
            }
        }
        assertThat(events).containsExactly(
                "9:[-1, 1, 2]",
                "13:[-1, -1, 2, 3]",
                "17:[-1, -1, -1, 3, 4]",
                "21:[-1, -1, -1, -1, 4, 5]");
        assertThat(seq.heldBlocks()).isEqualTo(2);
        // 24 tokens in 6 blocks of 4 fit a 6-block pool, but the window held at most 3 at once
        assertThat(windowPool.usedBlocks()).isEqualTo(2);
        assertThat(windowPool.refCount(0)).isZero();
        assertThat(windowPool.hashOf(0)).as("released blocks stay in the prefix cache until reused").isNotNull();
        windowed.free(seq);
        assertThat(windowPool.freeBlocks()).isEqualTo(6);
        assertThat(KvCacheManager.blocksHeldAtMost(1000, 4, SIZE, 6)).isEqualTo(4);
        assertThat(KvCacheManager.blocksHeldAtMost(1000, 4, SIZE, 0)).isEqualTo(250);
    }
}
