package dev.osprey.context.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentLineRangesTest {

    @Test
    void aRangeIsReturnedOnlyToTheReaderVersionThatReadIt() {
        RecentLineRanges ranges = new RecentLineRanges(1000, 100);
        ranges.put(7, "a.py", 1, 3, "one\ntwo\nthree");
        assertThat(ranges.get(7, "a.py", 1, 3)).contains("one\ntwo\nthree");
        assertThat(ranges.get(8, "a.py", 1, 3)).isEmpty();
        assertThat(ranges.get(7, "a.py", 1, 2)).isEmpty();
        assertThat(ranges.get(7, "b.py", 1, 3)).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedGoFirstAndLongTextsAreNotKept() {
        RecentLineRanges ranges = new RecentLineRanges(25, 20);
        ranges.put(1, "a", 1, 1, "x".repeat(10));
        ranges.put(1, "b", 1, 1, "y".repeat(10));
        assertThat(ranges.get(1, "a", 1, 1)).isPresent(); // a is now the most recent
        ranges.put(1, "c", 1, 1, "z".repeat(10)); // 30 chars: b goes
        assertThat(ranges.get(1, "b", 1, 1)).isEmpty();
        assertThat(ranges.get(1, "a", 1, 1)).isPresent();
        assertThat(ranges.get(1, "c", 1, 1)).isPresent();
        ranges.put(1, "d", 1, 1, "w".repeat(21));
        assertThat(ranges.get(1, "d", 1, 1)).isEmpty();
        ranges.clear();
        assertThat(ranges.size()).isZero();
    }
}
