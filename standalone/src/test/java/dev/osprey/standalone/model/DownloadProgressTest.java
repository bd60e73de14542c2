package dev.osprey.standalone.model;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DownloadProgressTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainModePrintsOneLinePerIntervalWithSizesPercentRateAndEta() {
        var progress = new DownloadProgress(out, false, "model.gguf", 100_000_000L, 0, now::get, 2_000_000_000L);
        now.addAndGet(1_000_000_000L);
        progress.update(10_000_000L);          // 1 s: inside the interval, nothing printed
        assertThat(output()).isEmpty();
        now.addAndGet(1_000_000_000L);
        progress.update(20_000_000L);          // 2 s, 20 MB: 10 MB/s, 80 MB left = 8 s
        now.addAndGet(500_000_000L);
        progress.update(25_000_000L);          // within the next interval: skipped
        now.addAndGet(500_000_000L);
        progress.update(30_000_000L);          // 1 s after the last line: still inside the interval
        progress.finish();                     // always prints

        assertThat(output().lines().toList()).containsExactly(
                "model.gguf  20.0 MB / 100.0 MB   20.0%  10.0 MB/s  ETA 0:08",
                "model.gguf  30.0 MB / 100.0 MB   30.0%  10.0 MB/s  ETA 0:07");
        assertThat(output()).doesNotContain("\r");
    }

    @Test
    void resumedDownloadCountsOnlyThisSessionsBytesInTheRate() {
        var progress = new DownloadProgress(out, false, "f", 4_000_000L, 2_000_000L, now::get, 1L);
        now.addAndGet(1_000_000_000L);
        progress.update(3_000_000L);
        assertThat(output()).isEqualTo("f  3.0 MB / 4.0 MB   75.0%  1.0 MB/s  ETA 0:01" + System.lineSeparator());
    }

    @Test
    void terminalModeRedrawsInPlaceAtMostTenTimesASecond() {
        var progress = new DownloadProgress(out, true, "f", 1_000_000L, 0, now::get, 1L);
        for (int i = 1; i <= 100; i++) {
            now.addAndGet(10_000_000L);           // 100 updates over one second
            progress.update(i * 10_000L);
        }
        progress.finish();
        String text = output();
        assertThat(text.chars().filter(c -> c == '\r').count()).isEqualTo(11); // 10 redraws + the final one
        assertThat(text).endsWith("100.0%  1.0 MB/s  ETA 0:00" + System.lineSeparator());
        assertThat(text.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void unknownTotalShowsBytesAndRateOnly() {
        var progress = new DownloadProgress(out, false, "f", -1, 0, now::get, 1L);
        now.addAndGet(2_000_000_000L);
        progress.update(3_000_000L);
        assertThat(output().strip()).isEqualTo("f  3.0 MB  1.5 MB/s");
    }

    @Test
    void durationsUseMinutesOrHours() {
        assertThat(DownloadProgress.duration(0)).isEqualTo("0:00");
        assertThat(DownloadProgress.duration(75)).isEqualTo("1:15");
        assertThat(DownloadProgress.duration(3_725)).isEqualTo("1:02:05");
    }
}
