package dev.osprey.standalone.model;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar for one download: bytes done and total, percent, MB/s and ETA.
 *
 * <p>On a terminal it redraws one line with a carriage return at most every {@code 100 ms}; elsewhere (a log file,
 * a pipe) it prints a plain line at most every {@code plainIntervalNanos}. {@link #finish()} always prints the
 * final state. The rate counts only the bytes of this session, so a resumed download does not look faster than
 * it is. Sizes are decimal megabytes (1 MB = 10^6 bytes). Not thread-safe: one downloading thread calls it.
 */
final class DownloadProgress {

    static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
    static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final long total;
    private final long startOffset;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final long startNanos;
    private long lastPrintNanos;
    private long done;
    private int lastWidth;

    /**
     * @param total       expected size in bytes, or -1 when unknown
     * @param startOffset bytes already on disk before this session (a resumed download)
     */
    DownloadProgress(PrintStream out, boolean terminal, String label, long total, long startOffset,
                     LongSupplier nanoTime, long plainIntervalNanos) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.total = total;
        this.startOffset = startOffset;
        this.nanoTime = nanoTime;
        this.intervalNanos = terminal ? TERMINAL_INTERVAL_NANOS : plainIntervalNanos;
        this.startNanos = nanoTime.getAsLong();
        this.lastPrintNanos = startNanos;
        this.done = startOffset;
    }

    /**
     * A progress bar in terminal mode when this JVM is attached to a terminal. Since JDK 22 {@link System#console()}
     * can be non-null with redirected streams, so {@link java.io.Console#isTerminal()} decides.
     */
    static DownloadProgress forConsole(PrintStream out, String label, long total, long startOffset) {
        java.io.Console console = System.console();
        return new DownloadProgress(out, console != null && console.isTerminal(), label, total, startOffset,
                System::nanoTime, PLAIN_INTERVAL_NANOS);
    }

    /** Records that {@code bytesDone} bytes of the file are now on disk, and redraws if it is time to. */
    void update(long bytesDone) {
        done = bytesDone;
        long now = nanoTime.getAsLong();
        if (now - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = now;
            print(now, false);
        }
    }

    /** Prints the final state and, on a terminal, ends the line. */
    void finish() {
        print(nanoTime.getAsLong(), true);
    }

    private void print(long now, boolean last) {
        String line = line(now);
        if (terminal) {
            String padding = " ".repeat(Math.max(0, lastWidth - line.length()));
            lastWidth = line.length();
            out.print("\r" + line + padding + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    String line(long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? (done - startOffset) / seconds : 0;
        StringBuilder line = new StringBuilder(label).append("  ").append(megabytes(done));
        if (total >= 0) {
            line.append(" / ").append(megabytes(total))
                    .append(String.format(Locale.ROOT, "  %5.1f%%", total == 0 ? 100.0 : 100.0 * done / total));
        }
        line.append(String.format(Locale.ROOT, "  %.1f MB/s", rate / 1e6));
        if (total >= 0) {
            line.append("  ETA ").append(rate > 0 ? duration(Math.round((total - done) / rate)) : "--:--");
        }
        return line.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    static String duration(long seconds) {
        long s = Math.max(0, seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
