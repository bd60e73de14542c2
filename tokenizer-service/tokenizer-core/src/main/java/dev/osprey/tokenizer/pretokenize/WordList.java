package dev.osprey.tokenizer.pretokenize;

import java.util.Arrays;

/** Growable flat list of (start, end) word offsets; empty words are not added. */
final class WordList {
    private int[] data;
    private int size;

    WordList(int capacity) {
        data = new int[Math.max(8, capacity)];
    }

    void add(int start, int end) {
        if (end <= start) {
            return;
        }
        if (size + 2 > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = start;
        data[size++] = end;
    }

    /** Extends the last word to {@code end}, or adds [start, end) when there is none. */
    void extendLast(int start, int end) {
        if (size == 0) {
            add(start, end);
        } else if (end > data[size - 1]) {
            data[size - 1] = end;
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    int lastEnd() {
        return data[size - 1];
    }

    int[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
