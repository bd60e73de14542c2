package dev.osprey.engine.serve;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KV cache budget as configured: a size ({@code 512MB}, {@code 2GB}, {@code 1073741824}; binary units,
 * as Spring's DataSize) or a share of the memory free at startup ({@code 40%}).
 *
 * @param bytes    the size, or 0 when {@code percent} is set
 * @param percent  share of free memory in (0, 100], or 0 when {@code bytes} is set
 */
public record KvBudget(long bytes, double percent) {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB)?");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

    public KvBudget {
        if ((bytes > 0) == (percent > 0) || bytes < 0 || percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a KV budget is a positive size or a share of free memory in (0, 100]%, not "
                    + bytes + " bytes and " + percent + "%");
        }
    }

    /**
     * @throws IllegalArgumentException naming the accepted forms if {@code text} is none of them
     */
    public static KvBudget parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        Matcher p = PERCENT.matcher(t);
        if (p.matches()) {
            return new KvBudget(0, Double.parseDouble(p.group(1)));
        }
        Matcher m = SIZE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2) == null ? "B" : m.group(2)) {
                case "KB" -> 10;
                case "MB" -> 20;
                case "GB" -> 30;
                case "TB" -> 40;
                default -> 0;
            };
            if (n > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException("KV budget '" + text + "' is too large");
            }
            return new KvBudget(n << shift, 0);
        }
        throw new IllegalArgumentException("KV budget '" + text + "' is neither a size (512MB, 2GB, bytes) nor a share "
                + "of free memory (40%)");
    }

    /** The budget in bytes, a share of {@code freeBytes} if it is one. */
    public long resolve(long freeBytes) {
        return bytes > 0 ? bytes : (long) (freeBytes * (percent / 100.0));
    }

    /** The budget in bytes against the memory available now ({@link #availableMemory()}). */
    public long resolve() {
        return bytes > 0 ? bytes : resolve(availableMemory());
    }

    /**
     * Memory the system can give without swapping: Linux's {@code MemAvailable}, else the free physical
     * memory the JVM reports.
     */
    public static long availableMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getFreeMemorySize();
        }
        throw new IllegalStateException("cannot tell how much memory is free here; give the KV budget as a size");
    }

    @Override
    public String toString() {
        return bytes > 0 ? bytes + " bytes" : percent + "% of free memory";
    }
}
