package dev.osprey.engine.forward;

import java.util.Arrays;

/**
 * How one forward batch's attention is cut into work, the same for every layer. The batch's tokens are
 * grouped into tiles: at most {@code tileTokens} consecutive tokens of one sequence at consecutive
 * positions. Each tile's key range (from the window start of its first token to its last position) is
 * split into {@code splits} ranges when there are too few tiles to keep the threads busy (flash-decoding:
 * one decode token over a long context is spread across the pool). A unit is (tile split, K/V head); its
 * partial result is {@code rows = tokens*group} rows of {@code [valueHeadDim]} plus {@code (m, l)} pairs,
 * at row {@link #unitRow} of the partial buffers.
 */
final class AttentionPlan {
    /** Keys below which a range is not split further. */
    static final int MIN_SPLIT_KEYS = 256;
    /** Units per thread the planner aims for before splitting key ranges. */
    static final int UNITS_PER_THREAD = 4;

    final int tiles;
    final int[] tileStart;  // first batch index of the tile
    final int[] tileTokens; // tokens in the tile
    final int[] tileFirstSplit;
    final int splits;
    final int[] splitTile;
    final int[] splitLo;    // key range [lo, hi)
    final int[] splitHi;
    final int kvHeads;
    final int group;
    final int[] unitRow;    // [splits * kvHeads + 1], prefix sums of rows
    final long keyVisits;   // sum over units of rows x keys, for the parallel threshold

    private AttentionPlan(int tiles, int[] tileStart, int[] tileTokens, int[] tileFirstSplit, int splits,
                          int[] splitTile, int[] splitLo, int[] splitHi, int kvHeads, int group, int[] unitRow,
                          long keyVisits) {
        this.tiles = tiles;
        this.tileStart = tileStart;
        this.tileTokens = tileTokens;
        this.tileFirstSplit = tileFirstSplit;
        this.splits = splits;
        this.splitTile = splitTile;
        this.splitLo = splitLo;
        this.splitHi = splitHi;
        this.kvHeads = kvHeads;
        this.group = group;
        this.unitRow = unitRow;
        this.keyVisits = keyVisits;
    }

    int units() {
        return splits * kvHeads;
    }

    int rows() {
        return unitRow[units()];
    }

    /**
     * @param window sliding window in tokens, 0 for none
     */
    static AttentionPlan of(ForwardBatch batch, int kvHeads, int group, int window, int threads) {
        int n = batch.size();
        int tileTokens = Math.max(1, 64 / group);
        int[] start = new int[n];
        int[] len = new int[n];
        int tiles = 0;
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && j - i < tileTokens && batch.caches()[j] == batch.caches()[i]
                    && batch.positions()[j] == batch.positions()[j - 1] + 1) {
                j++;
            }
            start[tiles] = i;
            len[tiles] = j - i;
            tiles++;
            i = j;
        }
        int wanted = UNITS_PER_THREAD * threads;
        int perTile = tiles * kvHeads >= wanted ? 1 : (wanted + tiles * kvHeads - 1) / (tiles * kvHeads);
        int[] firstSplit = new int[tiles + 1];
        int[] sTile = new int[16];
        int[] sLo = new int[16];
        int[] sHi = new int[16];
        int splits = 0;
        long visits = 0;
        for (int t = 0; t < tiles; t++) {
            int pos0 = batch.positions()[start[t]];
            int lo = window > 0 ? Math.max(0, pos0 - window + 1) : 0;
            int hi = pos0 + len[t];
            int span = hi - lo;
            int count = Math.max(1, Math.min(perTile, span / MIN_SPLIT_KEYS));
            firstSplit[t] = splits;
            for (int s = 0; s < count; s++) {
                if (splits == sTile.length) {
                    sTile = Arrays.copyOf(sTile, 2 * splits);
                    sLo = Arrays.copyOf(sLo, 2 * splits);
                    sHi = Arrays.copyOf(sHi, 2 * splits);
                }
                sTile[splits] = t;
                sLo[splits] = lo + (int) ((long) span * s / count);
                sHi[splits] = lo + (int) ((long) span * (s + 1) / count);
                splits++;
            }
            visits += (long) len[t] * group * kvHeads * span;
        }
        firstSplit[tiles] = splits;
        int[] unitRow = new int[splits * kvHeads + 1];
        for (int s = 0; s < splits; s++) {
            int rows = len[sTile[s]] * group;
            for (int h = 0; h < kvHeads; h++) {
                int u = s * kvHeads + h;
                unitRow[u + 1] = unitRow[u] + rows;
            }
        }
        return new AttentionPlan(tiles, start, len, firstSplit, splits, sTile, sLo, sHi, kvHeads, group, unitRow, visits);
    }
}
