package dev.osprey.context.chunk;

import java.util.ArrayList;
import java.util.List;

/** Splits a line range into windows of {@code size} lines, consecutive windows sharing {@code overlap} lines. */
record LineWindows(int size, int overlap) {
    LineWindows {
        if (size < 1 || overlap < 0 || overlap >= size) {
            throw new IllegalArgumentException("window size must be >= 1 and 0 <= overlap < size: " + size + ", " + overlap);
        }
    }

    /** (n, 2) inclusive 1-based {start, end} pairs covering {@code first..last}; the last window ends at {@code last}. */
    List<int[]> split(int first, int last) {
        List<int[]> windows = new ArrayList<>();
        int start = first;
        while (true) {
            int end = Math.min(last, start + size - 1);
            windows.add(new int[] {start, end});
            if (end >= last) {
                return windows;
            }
            start = end + 1 - overlap;
        }
    }
}
