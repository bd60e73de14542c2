package dev.osprey.engine.sampling;

import java.util.Arrays;

/**
 * Finds the m largest logits of a row without sorting the row: a size-m min-heap over one pass,
 * O(n log m), then a sort of the m winners. Tokens are ranked by logit, ties to the lower id, which
 * is also the order of greedy decoding, so top-k = 1 picks the argmax.
 *
 * <p>A (logit, id) pair is packed into one {@code long} key whose signed order is that ranking:
 * the high 32 bits are the float's bits turned into a signed int with the float's order, the low 32
 * bits are {@code Integer.MAX_VALUE - id}. Keys sort as primitives, with no boxing or comparator.
 *
 * <p>The heap buffer is reused between calls and grows on demand; not thread-safe.
 */
public final class TopSelection {
    private long[] heap = new long[0];

    /** The ranking key of {@code logit} at {@code id}; -0.0 ranks as +0.0. Logits must not be NaN. */
    static long key(float logit, int id) {
        int bits = Float.floatToRawIntBits(logit + 0.0f);
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ordered << 32) | (Integer.MAX_VALUE - id);
    }

    static int id(long key) {
        return Integer.MAX_VALUE - (int) key;
    }

    static float logit(long key) {
        int ordered = (int) (key >>> 32);
        return Float.intBitsToFloat(ordered ^ ((ordered >> 31) & 0x7fffffff));
    }

    /**
     * Writes the ids of the {@code m} best-ranked tokens among {@code ids[0, n)} (or among
     * {@code [0, n)} when {@code ids} is null) into {@code out}, best first.
     *
     * @param logits the row, indexed by token id from {@code offset}
     * @return how many were written: {@code min(m, n)}
     */
    public int select(float[] logits, int offset, int[] ids, int n, int m, int[] out) {
        int size = Math.min(m, n);
        if (size <= 0) {
            return 0;
        }
        if (heap.length < size) {
            heap = new long[Math.max(size, heap.length * 2)];
        }
        long[] h = heap;
        for (int j = 0; j < size; j++) {
            int id = ids == null ? j : ids[j];
            h[j] = key(logits[offset + id], id);
            siftUp(h, j);
        }
        float floor = logit(h[0]); // the worst kept logit: anything below it cannot enter
        if (ids == null) {
            for (int id = size; id < n; id++) {
                float v = logits[offset + id];
                if (v >= floor) {
                    floor = offer(h, size, v, id, floor);
                }
            }
        } else {
            for (int j = size; j < n; j++) {
                int id = ids[j];
                float v = logits[offset + id];
                if (v >= floor) {
                    floor = offer(h, size, v, id, floor);
                }
            }
        }
        Arrays.sort(h, 0, size);
        for (int i = 0; i < size; i++) {
            out[i] = id(h[size - 1 - i]);
        }
        return size;
    }

    /** Sorts {@code ids[0, n)} in place, best-ranked first. */
    void sort(float[] logits, int offset, int[] ids, int n) {
        if (heap.length < n) {
            heap = new long[Math.max(n, heap.length * 2)];
        }
        long[] h = heap;
        for (int i = 0; i < n; i++) {
            h[i] = key(logits[offset + ids[i]], ids[i]);
        }
        Arrays.sort(h, 0, n);
        for (int i = 0; i < n; i++) {
            ids[i] = id(h[n - 1 - i]);
        }
    }

    /** Puts (v, id) in place of the root if it ranks higher; returns the new floor. */
    private static float offer(long[] h, int size, float v, int id, float floor) {
        long k = key(v, id);
        if (k <= h[0]) {
            return floor;
        }
        h[0] = k;
        siftDown(h, size);
        return logit(h[0]);
    }

    private static void siftUp(long[] h, int i) {
        long k = h[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (h[parent] <= k) {
                break;
            }
            h[i] = h[parent];
            i = parent;
        }
        h[i] = k;
    }

    private static void siftDown(long[] h, int size) {
        long k = h[0];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < size && h[child + 1] < h[child]) {
                child++;
            }
            if (k <= h[child]) {
                break;
            }
            h[i] = h[child];
            i = child;
        }
        h[i] = k;
    }
}
