package dev.osprey.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive use of an Osprey home directory (its Kafka log, sessions, indexes and batches) by one running
 * instance: an OS file lock on {@code <home>/osprey.lock}, held for the instance's lifetime and released
 * by the OS if the process dies. The file says who holds it (PID and where it listens), so a second
 * instance can say whom it collides with.
 */
public final class HomeLock implements AutoCloseable {
    static final String FILE_NAME = "osprey.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code home} (creating it) for this process.
     *
     * @throws HomeInUseException when another instance, in this or another process, holds it
     */
    public static HomeLock acquire(Path home) {
        Path file = home.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(home);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another instance in this JVM
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new HomeInUseException(home, holder);
            }
            HomeLock homeLock = new HomeLock(file, channel, lock);
            homeLock.describe("pid " + ProcessHandle.current().pid() + ", starting");
            return homeLock;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock the Osprey home " + home + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the holder's description (one line: PID and where it listens). */
    public void describe(String holder) {
        byte[] bytes = (holder + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(bytes), 0);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                lock.release();
            }
        } catch (IOException ignored) {
            // the OS releases the lock with the channel
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** The home is held by another running instance. */
    public static final class HomeInUseException extends RuntimeException {
        HomeInUseException(Path home, String holder) {
            super("another Osprey instance is running with the home " + home
                    + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + "; stop it first, or give this one its own --home DIR");
        }
    }
}
