package dev.osprey.engine.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlockPoolTest {
    private static BlockHash hash(int... tokens) {
        return BlockHash.of(null, "", tokens, 0, tokens.length);
    }

    @Test
    void allocatesNeverUsedBlocksInIdOrder() {
        BlockPool pool = new BlockPool(4, 2);
        assertThat(new int[] {pool.allocate(), pool.allocate(), pool.allocate()}).containsExactly(0, 1, 2);
        assertThat(pool.freeBlocks()).isEqualTo(1);
        assertThat(pool.usedBlocks()).isEqualTo(3);
        assertThat(pool.refCount(1)).isEqualTo(1);
    }

    @Test
    void releasedBlocksAreReusedInReleaseOrderAfterNeverUsedOnes() {
        BlockPool pool = new BlockPool(4, 2);
        int a = pool.allocate();
        int b = pool.allocate();
        pool.release(b);
        pool.release(a);
        assertThat(new int[] {pool.allocate(), pool.allocate(), pool.allocate(), pool.allocate()})
                .containsExactly(2, 3, 1, 0);
        assertThatThrownBy(pool::allocate).isInstanceOf(IllegalStateException.class).hasMessageContaining("no free KV block");
    }

    @Test
    void cachedBlockSurvivesReleaseUntilReusedAndEvictionIsLeastRecentlyReleasedFirst() {
        BlockPool pool = new BlockPool(3, 2);
        int a = pool.allocate();
        int b = pool.allocate();
        assertThat(pool.register(a, hash(1, 2))).isTrue();
        assertThat(pool.register(b, hash(3, 4))).isTrue();
        pool.release(a);
        pool.release(b);
        assertThat(pool.lookup(hash(1, 2))).isEqualTo(a);
        assertThat(pool.lookup(hash(3, 4))).isEqualTo(b);
        assertThat(pool.cachedBlocks()).isEqualTo(2);

        assertThat(pool.allocate()).isEqualTo(2);
        assertThat(pool.evictions()).isZero();
        assertThat(pool.allocate()).isEqualTo(a);
        assertThat(pool.evictions()).isEqualTo(1);
        assertThat(pool.lookup(hash(1, 2))).isEqualTo(-1);
        assertThat(pool.lookup(hash(3, 4))).isEqualTo(b);
        assertThat(pool.hits()).isEqualTo(3);
        assertThat(pool.lookups()).isEqualTo(4);
    }

    @Test
    void retainingACachedFreeBlockTakesItOutOfTheFreeQueue() {
        BlockPool pool = new BlockPool(2, 2);
        int a = pool.allocate();
        pool.register(a, hash(7, 7));
        pool.release(a);
        assertThat(pool.freeBlocks()).isEqualTo(2);
        pool.retain(pool.lookup(hash(7, 7)));
        assertThat(pool.refCount(a)).isEqualTo(1);
        assertThat(pool.freeBlocks()).isEqualTo(1);
        assertThat(pool.allocate()).isEqualTo(1);
        assertThatThrownBy(pool::allocate).isInstanceOf(IllegalStateException.class);
        assertThat(pool.hashOf(a)).isEqualTo(hash(7, 7));
    }

    @Test
    void aSecondBlockWithTheSameContentsStaysPrivate() {
        BlockPool pool = new BlockPool(2, 2);
        int a = pool.allocate();
        int b = pool.allocate();
        assertThat(pool.register(a, hash(5, 6))).isTrue();
        assertThat(pool.register(b, hash(5, 6))).isFalse();
        assertThat(pool.hashOf(b)).isNull();
        assertThat(pool.register(a, hash(9, 9))).isFalse();
    }

    @Test
    void sharedBlockIsFreeOnlyWhenTheLastReferenceGoes() {
        BlockPool pool = new BlockPool(2, 2);
        int a = pool.allocate();
        pool.retain(a);
        pool.release(a);
        assertThat(pool.freeBlocks()).isEqualTo(1);
        pool.release(a);
        assertThat(pool.freeBlocks()).isEqualTo(2);
        assertThatThrownBy(() -> pool.release(a)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released more often");
    }

    @Test
    void onlyReferencedBlocksMayBeRegistered() {
        BlockPool pool = new BlockPool(2, 2);
        assertThatThrownBy(() -> pool.register(0, hash(1, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new BlockPool(0, 16)).hasMessageContaining("at least one block");
    }

    @Test
    void hashesChainOnParentAndNamespace() {
        int[] t = {1, 2, 3, 4};
        BlockHash first = BlockHash.of(null, "", t, 0, 2);
        assertThat(BlockHash.of(first, "", t, 2, 2)).isNotEqualTo(BlockHash.of(null, "", t, 2, 2));
        assertThat(BlockHash.of(null, "tenant-a", t, 0, 2)).isNotEqualTo(first);
        assertThat(BlockHash.of(null, "", new int[] {9, 1, 2}, 1, 2)).isEqualTo(first);
    }
}
