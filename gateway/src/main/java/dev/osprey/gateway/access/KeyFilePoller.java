package dev.osprey.gateway.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reloads a {@link KeyRegistry} when its key file's contents change, by polling: simple, and it works on
 * every file system, including the mounted ConfigMaps and Secrets of Kubernetes, whose updates are symlink
 * swaps that file watchers often miss.
 *
 * <p>{@link #poll()} does the work and is driven by the caller or by {@link #start}; the injectable
 * {@link Clock} decides when a poll is due. Changes are detected by a digest of the contents, not the
 * modification time, so a rewrite within the same second is seen. A file that fails to parse is reported
 * once and not retried until it changes again; the previous keys stay in force.
 *
 * <p>Polls are serialized ({@code synchronized}).
 */
public final class KeyFilePoller {
    /** What a {@link #poll()} did. */
    public enum Outcome { NOT_DUE, UNCHANGED, RELOADED, FAILED }

    private final KeyRegistry registry;
    private final Path file;
    private final Clock clock;
    private final Duration interval;
    private Instant nextPoll;
    private byte[] lastDigest;
    private Exception lastError;

    /** Assumes the registry has just loaded {@code file}. */
    public KeyFilePoller(KeyRegistry registry, Path file, Clock clock, Duration interval) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.file = Objects.requireNonNull(file, "file");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.interval = interval;
        this.lastDigest = digest();
        this.nextPoll = clock.instant().plus(interval);
    }

    /** Reloads if a poll is due and the file changed. */
    public synchronized Outcome poll() {
        Instant now = clock.instant();
        if (now.isBefore(nextPoll)) {
            return Outcome.NOT_DUE;
        }
        return pollNow();
    }

    /** Reloads if the file changed, due or not. */
    public synchronized Outcome pollNow() {
        nextPoll = clock.instant().plus(interval);
        byte[] current = digest();
        if (Arrays.equals(current, lastDigest)) {
            return Outcome.UNCHANGED;
        }
        lastDigest = current;
        try {
            registry.reload();
            lastError = null;
            return Outcome.RELOADED;
        } catch (RuntimeException e) {
            lastError = e;
            return Outcome.FAILED;
        }
    }

    /** The error of the last failed reload, or null after a success. */
    public synchronized Exception lastError() {
        return lastError;
    }

    /** Checks the file on {@code executor} every interval (wall time, not the injected clock) until the returned future is cancelled. */
    public ScheduledFuture<?> start(ScheduledExecutorService executor) {
        long millis = interval.toMillis();
        return executor.scheduleWithFixedDelay(this::pollNow, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** SHA-256 of the contents; empty for a missing file (so its reappearance counts as a change). */
    private byte[] digest() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (IOException e) { // missing or unreadable: reload() will report it when it changes
            return new byte[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
