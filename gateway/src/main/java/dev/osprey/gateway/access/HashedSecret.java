package dev.osprey.gateway.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The stored form of an API key: {@code SHA-256(salt || utf8(key))} with a random 16-byte salt per key.
 * The plain key is never kept; {@link #toString()} gives the stored form {@code sha256:<salt-hex>:<digest-hex>}.
 *
 * <p><b>Why a per-key salt rather than HMAC with a server secret.</b> A salted hash needs no secret
 * of its own: there is nothing to generate, distribute, rotate or lose, and a key file full of hashes can
 * be copied between machines and stay valid. The salt makes equal keys hash differently, so a leaked file
 * neither reveals which keys are shared nor can be attacked with a precomputed table. A slow password hash
 * (bcrypt, Argon2) is not needed: API keys are long random strings, not guessable passwords. The cost is
 * that {@link KeyRegistry#authenticate} hashes the presented key once per configured key (about a
 * microsecond each), which is fine for the tens to thousands of keys a self-hosted gateway holds.
 *
 * <p>For operators who only have {@code sha256sum}, the unsalted form {@code sha256:<digest-hex>}
 * ({@code printf %s "$KEY" | sha256sum}) is accepted too; {@link #hash(String)} produces the salted form.
 *
 * <p>Comparison uses {@link MessageDigest#isEqual}, whose time does not depend on where the digests differ.
 */
public final class HashedSecret {
    /** Prefix of the stored forms. */
    public static final String PREFIX = "sha256:";
    private static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] salt;   // (0 or 16 bytes)
    private final byte[] digest; // (32 bytes)

    private HashedSecret(byte[] salt, byte[] digest) {
        this.salt = salt;
        this.digest = digest;
    }

    /** Hashes a plain key with a fresh random salt. */
    public static HashedSecret hash(String plainKey) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return hash(plainKey, salt);
    }

    static HashedSecret hash(String plainKey, byte[] salt) {
        Objects.requireNonNull(plainKey, "plainKey");
        if (plainKey.isEmpty()) {
            throw new IllegalArgumentException("an API key must not be empty");
        }
        return new HashedSecret(salt.clone(), digest(salt, plainKey));
    }

    /**
     * Reads a secret as written in configuration or a key file: the stored forms
     * {@code sha256:<salt-hex>:<digest-hex>} and {@code sha256:<digest-hex>}, or else a plain key,
     * which is hashed here with a fresh salt.
     *
     * @throws IllegalArgumentException if it starts with {@code sha256:} but is not a valid stored form
     */
    public static HashedSecret parse(String text) {
        Objects.requireNonNull(text, "secret");
        if (!text.startsWith(PREFIX)) {
            return hash(text);
        }
        String[] parts = text.substring(PREFIX.length()).split(":", -1);
        try {
            byte[] salt = parts.length == 2 ? HEX.parseHex(parts[0]) : new byte[0];
            byte[] digest = HEX.parseHex(parts[parts.length - 1]);
            if (parts.length > 2 || digest.length != 32 || (parts.length == 2 && salt.length == 0)) {
                throw new IllegalArgumentException("bad length");
            }
            return new HashedSecret(salt, digest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "a hashed key must be sha256:<salt-hex>:<64 hex digits> or sha256:<64 hex digits>", e);
        }
    }

    /** Whether {@code presentedKey} is the key this was made from; constant time in the digest comparison. */
    public boolean matches(String presentedKey) {
        return MessageDigest.isEqual(digest, digest(salt, presentedKey));
    }

    /** The stored form, safe to write to a key file or a log. */
    @Override
    public String toString() {
        return salt.length == 0
                ? PREFIX + HEX.formatHex(digest)
                : PREFIX + HEX.formatHex(salt) + ":" + HEX.formatHex(digest);
    }

    private static byte[] digest(byte[] salt, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Prints the stored form of a key given as the argument, for pasting into a key file. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: HashedSecret <api-key>");
            System.exit(2);
        }
        System.out.println(hash(args[0]));
    }
}
