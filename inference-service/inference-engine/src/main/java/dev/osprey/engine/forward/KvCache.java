package dev.osprey.engine.forward;

import dev.osprey.engine.kvpages.KvPages;

/**
 * Key/value storage of one sequence, as a block table over {@link KvPages}: position {@code p} lives in
 * page block {@code blockTable()[p / blockSize]}, slot {@code p % blockSize}. The forward pass writes a
 * position's keys and values once (when the token at that position is processed) and reads them for
 * every later token; it never sees who owns the blocks (one cache of its own here, a shared pool in the
 * inference service).
 */
public interface KvCache {

    /** Positions this cache can hold; the forward pass refuses to write past it. */
    int capacity();

    /** The pages the blocks live in. */
    KvPages pages();

    /**
     * Page block of each logical block, covering at least {@code [0, capacity())}. May be the live
     * table: read it during a forward pass, do not keep it.
     */
    int[] blockTable();

    /**
     * Stores the keys {@code k[kOff ..][kvDim]} and values {@code v[vOff ..][vDim]} of {@code position} in
     * {@code layer}.
     */
    default void write(int layer, int position, float[] k, int kOff, float[] v, int vOff) {
        int bs = pages().blockSize();
        pages().write(layer, blockTable()[position / bs], position % bs, k, kOff, v, vOff);
    }
}
