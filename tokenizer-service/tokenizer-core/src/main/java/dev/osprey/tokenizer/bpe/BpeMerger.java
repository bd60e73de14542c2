package dev.osprey.tokenizer.bpe;

/**
 * The BPE merge loop shared by byte-level, Hugging Face and SentencePiece-style vocabularies: while
 * some adjacent pair of symbols has a merge, merge the pair of lowest rank, leftmost first. This is
 * the order llama.cpp's and Hugging Face's priority queues produce.
 *
 * <p>Not thread-safe: one instance per thread (it reuses its buffers).
 */
public final class BpeMerger {
    private static final int MERGED_AWAY = -2;

    private final MergeTable table;
    private int[] next = new int[64];
    private int[] prev = new int[64];
    private long[] heap = new long[64];
    private int heapSize;

    public BpeMerger(MergeTable table) {
        this.table = table;
    }

    /**
     * Merges {@code symbols[0..n)} in place. On return the surviving symbols are compacted to the
     * front of {@code symbols} and {@code starts[k]} is the index (into the original {@code n}
     * positions) where surviving symbol {@code k} begins; symbol k ends where k+1 begins, the last at n.
     * A symbol of -1 (unknown) never merges.
     *
     * @param symbols (n) initial symbols, overwritten with the result
     * @param starts  (n) output: start position of each surviving symbol
     * @return the number of surviving symbols
     */
    public int merge(int[] symbols, int n, int[] starts) {
        if (n < 2) {
            if (n == 1) {
                starts[0] = 0;
            }
            return n;
        }
        ensureCapacity(n);
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        heapSize = 0;
        for (int i = 0; i + 1 < n; i++) {
            offer(symbols, i, i + 1);
        }
        while (heapSize > 0) {
            long top = poll();
            int left = (int) top;
            int rank = (int) (top >>> 32);
            int leftSymbol = symbols[left];
            int right = next[left];
            if (leftSymbol < 0 || right < 0 || symbols[right] < 0) {
                continue;
            }
            long merge = table.merge(leftSymbol, symbols[right]);
            if (merge == MergeTable.NO_MERGE || (int) (merge >>> 32) != rank) {
                continue; // stale: one side changed since this pair was queued
            }
            symbols[left] = (int) merge;
            symbols[right] = MERGED_AWAY;
            int after = next[right];
            next[left] = after;
            if (after >= 0) {
                prev[after] = left;
            }
            if (prev[left] >= 0) {
                offer(symbols, prev[left], left);
            }
            if (after >= 0) {
                offer(symbols, left, after);
            }
        }
        int count = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            symbols[count] = symbols[i];
            starts[count] = i;
            count++;
        }
        return count;
    }

    private void offer(int[] symbols, int left, int right) {
        int a = symbols[left];
        int b = symbols[right];
        if (a < 0 || b < 0) {
            return;
        }
        long merge = table.merge(a, b);
        if (merge == MergeTable.NO_MERGE) {
            return;
        }
        push((merge & 0xFFFFFFFF_00000000L) | left);
    }

    private void ensureCapacity(int n) {
        if (next.length < n) {
            int capacity = Integer.highestOneBit(n) << 1;
            next = new int[capacity];
            prev = new int[capacity];
        }
        if (heap.length < 3 * n) {
            heap = new long[Integer.highestOneBit(3 * n) << 1];
        }
    }

    private void push(long key) {
        if (heapSize == heap.length) {
            heap = java.util.Arrays.copyOf(heap, heap.length * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    private long poll() {
        long top = heap[0];
        long last = heap[--heapSize];
        int i = 0;
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < heapSize && heap[child + 1] < heap[child]) {
                child++;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = last;
        return top;
    }
}
