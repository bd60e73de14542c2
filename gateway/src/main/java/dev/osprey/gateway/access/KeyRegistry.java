package dev.osprey.gateway.access;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The configured API keys and the {@code Authorization: Bearer <key>} check.
 *
 * <p>Keys come from configuration (fixed for the process) and, optionally, a key file (see
 * {@link KeyFileParser}) that {@link #reload()} re-reads. The set is an immutable snapshot behind an
 * {@link AtomicReference}: a reload builds the whole new set first and swaps it in one step, so a
 * concurrent {@link #authenticate} sees either the old set or the new one, never a mix; and a reload
 * that fails keeps the old set.
 *
 * <p>Thread-safe; {@link #authenticate} takes no lock.
 */
public final class KeyRegistry {
    private static final String BEARER = "Bearer";

    private final List<KeyEntry> configured;
    private final Optional<Path> keyFile;
    private final RateLimits defaults;
    private final AtomicReference<List<KeyEntry>> keys = new AtomicReference<>(List.of());

    /**
     * Loads the key file once, failing if it cannot be read or parsed.
     *
     * @param configured keys from configuration
     * @param keyFile    optional key file, re-read by {@link #reload()}
     * @param defaults   limits for key-file entries that name none
     */
    public KeyRegistry(List<KeyEntry> configured, Optional<Path> keyFile, RateLimits defaults) {
        this.configured = List.copyOf(configured);
        this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        reload();
    }

    /** A registry of configured keys only. */
    public static KeyRegistry of(KeyEntry... keys) {
        return new KeyRegistry(List.of(keys), Optional.empty(), RateLimits.UNLIMITED);
    }

    /**
     * Re-reads the key file and atomically replaces the key set with the configured keys plus the file's.
     * On any error (unreadable file, bad line, a name used twice) the current set stays in force.
     * Reloads are serialized, so a slow reload of an older file cannot overwrite a newer one.
     *
     * @return the number of keys now in force
     * @throws KeyFileException or {@link java.io.UncheckedIOException} when the new set cannot be built
     */
    public synchronized int reload() {
        List<KeyEntry> next = new ArrayList<>(configured);
        keyFile.ifPresent(file -> next.addAll(KeyFileParser.read(file, defaults)));
        Set<String> names = new HashSet<>();
        for (KeyEntry entry : next) {
            if (!names.add(entry.key().name())) {
                throw new KeyFileException("API key name '" + entry.key().name() + "' is used twice", null);
            }
        }
        List<KeyEntry> snapshot = List.copyOf(next);
        keys.set(snapshot);
        return snapshot.size();
    }

    /** Whether any key is configured (the {@link AccessPolicy} question). */
    public boolean hasKeys() {
        return !keys.get().isEmpty();
    }

    /** The identities of the keys in force, in one consistent snapshot. */
    public List<ApiKey> keys() {
        return keys.get().stream().map(KeyEntry::key).toList();
    }

    /**
     * Checks an {@code Authorization} header value (null when the header is absent).
     *
     * <p>Every configured key is compared, even after a match, so the time taken does not tell which key
     * (or how many keys) the presented one came close to.
     */
    public AuthResult authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return new AuthResult.MissingHeader();
        }
        String header = authorizationHeader.strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.equalsIgnoreCase(BEARER)) {
            return new AuthResult.MalformedHeader(space < 0 && header.startsWith("sk-")
                    ? "the key is missing the 'Bearer ' prefix"
                    : "the scheme must be Bearer");
        }
        String token = space < 0 ? "" : header.substring(space + 1).strip();
        if (token.isEmpty()) {
            return new AuthResult.MalformedHeader("no key after 'Bearer'");
        }
        if (token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return new AuthResult.MalformedHeader("the key contains whitespace or control characters");
        }
        ApiKey found = null;
        for (KeyEntry entry : keys.get()) {
            if (entry.secret().matches(token) && found == null) {
                found = entry.key();
            }
        }
        return found != null ? new AuthResult.Authenticated(found) : new AuthResult.UnknownKey(mask(token));
    }

    /** Shows a key's first three and last four characters, as OpenAI's error messages do. */
    static String mask(String key) {
        if (key.length() < 12) {
            return "*".repeat(Math.min(key.length(), 8));
        }
        return key.substring(0, 3) + "*".repeat(Math.min(key.length() - 7, 40)) + key.substring(key.length() - 4);
    }
}
