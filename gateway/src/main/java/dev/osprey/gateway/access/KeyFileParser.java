package dev.osprey.gateway.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a key file: UTF-8 text, one key per line.
 *
 * <pre>
 * # comments and blank lines are ignored
 * &lt;name&gt; &lt;secret&gt; [rpm=N] [tpm=N]
 *
 * alice  sha256:9f2c...e1:5b7d...0a  rpm=60 tpm=40000
 * ci     sha256:3a7b...c4                            # unsalted: printf %s "$KEY" | sha256sum
 * local  sk-osprey-dev-only           rpm=10         # plain key, hashed at load (avoid outside development)
 * </pre>
 *
 * <ul>
 *   <li>{@code name}: the key's identity in logs and metrics; no whitespace; unique in the file.</li>
 *   <li>{@code secret}: a stored hash as {@link HashedSecret#parse} reads it ({@code sha256:<salt>:<digest>} from
 *       {@code HashedSecret.main}, or {@code sha256:<digest>}), or a plain key.</li>
 *   <li>{@code rpm} / {@code tpm}: requests and tokens per minute; {@code 0} is unlimited; an absent option
 *       takes the default given to the parser. Options may come in any order.</li>
 *   <li>{@code #} starts a comment anywhere on a line.</li>
 * </ul>
 *
 * Any error fails the whole file with a {@link KeyFileException} naming the line, so a typo never silently
 * drops a key.
 */
public final class KeyFileParser {
    private KeyFileParser() {}

    /** Reads and parses {@code file}. */
    public static List<KeyEntry> read(Path file, RateLimits defaults) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
        return parse(text, file.toString(), defaults);
    }

    /** Parses key file text; {@code source} names it in error messages. */
    public static List<KeyEntry> parse(String text, String source, RateLimits defaults) {
        List<KeyEntry> entries = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                entries.add(parseLine(line, defaults));
            } catch (IllegalArgumentException e) {
                throw new KeyFileException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return entries;
    }

    private static KeyEntry parseLine(String line, RateLimits defaults) {
        String[] fields = line.split("\\s+");
        if (fields.length < 2) {
            throw new IllegalArgumentException("expected '<name> <secret> [rpm=N] [tpm=N] [admin]'");
        }
        long rpm = defaults.requestsPerMinute();
        long tpm = defaults.tokensPerMinute();
        boolean admin = false;
        for (int f = 2; f < fields.length; f++) {
            String option = fields[f];
            if (option.equals("admin")) {
                admin = true;
                continue;
            }
            int eq = option.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("unexpected '" + option + "' (expected rpm=N, tpm=N or admin)");
            }
            String name = option.substring(0, eq);
            long value = parseCount(option.substring(eq + 1), name);
            switch (name) {
                case "rpm" -> rpm = value;
                case "tpm" -> tpm = value;
                default -> throw new IllegalArgumentException("unknown option '" + option
                        + "' (expected rpm=N, tpm=N or admin)");
            }
        }
        // The secret is never echoed in errors: it may be a plain key.
        return KeyEntry.of(fields[0], fields[1], new RateLimits(rpm, tpm), admin);
    }

    private static long parseCount(String value, String option) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a non-negative whole number, got '" + value + "'");
    }
}
