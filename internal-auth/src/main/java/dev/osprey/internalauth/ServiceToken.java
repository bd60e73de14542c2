package dev.osprey.internalauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The secret every internal service shares with its callers. Callers send it as the
 * {@value ServiceTokenMetadata#NAME} metadata; servers compare SHA-256 digests in constant time, so the
 * comparison's duration tells nothing about the secret.
 */
public final class ServiceToken {
    /** Shorter secrets are refused: a guessable token is no authentication. */
    public static final int MIN_LENGTH = 16;

    private final String secret;
    private final byte[] digest;

    private ServiceToken(String secret) {
        this.secret = secret;
        this.digest = sha256(secret);
    }

    /**
     * A configured token. {@code source} names where it came from, for the error message.
     *
     * @throws IllegalArgumentException when it is shorter than {@link #MIN_LENGTH} or holds whitespace
     *         or characters that gRPC ASCII metadata cannot carry
     */
    public static ServiceToken of(String secret, String source) {
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(source + " must be at least " + MIN_LENGTH + " characters, but has "
                    + secret.length());
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException(source + " may hold only printable ASCII without spaces "
                        + "(character " + i + " is not)");
            }
        }
        return new ServiceToken(secret);
    }

    /** 256 random bits, for a process that starts every service itself (the embedded default). */
    public static ServiceToken random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new ServiceToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * The token from configuration: {@code value} (blank = unset) or the first line of {@code file}
     * (blank = unset); both set is an error, neither is empty.
     */
    public static Optional<ServiceToken> resolve(String value, String file) {
        boolean hasValue = value != null && !value.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasValue && hasFile) {
            throw new IllegalArgumentException("set either " + InternalAuthProperties.TOKEN + " or "
                    + InternalAuthProperties.TOKEN_FILE + ", not both");
        }
        if (hasValue) {
            return Optional.of(of(value.strip(), InternalAuthProperties.TOKEN));
        }
        if (hasFile) {
            String contents;
            try {
                contents = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(InternalAuthProperties.TOKEN_FILE + " '" + file + "' cannot be read: "
                        + e.getMessage(), e);
            }
            String firstLine = contents.lines().findFirst().orElse("").strip();
            return Optional.of(of(firstLine, InternalAuthProperties.TOKEN_FILE + " '" + file + "'"));
        }
        return Optional.empty();
    }

    /** Whether {@code presented} is this token (constant time in the secret). */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** The secret itself, for the client side only. */
    public String secret() {
        return secret;
    }

    @Override
    public String toString() {
        return "ServiceToken[****]";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
