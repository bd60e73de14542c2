package dev.osprey.context.concurrent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * Work handed to an executor to run beside the caller's own; {@link #join} runs it on the calling thread if the
 * executor has not begun it, so a busy or rejecting executor delays nothing. The result is the same on either thread.
 *
 * @param <T> the result
 */
public final class OffloadedTask<T> {
    private final FutureTask<T> task;

    private OffloadedTask(FutureTask<T> task) {
        this.task = task;
    }

    /** An executor starting each piece of work on a new virtual thread named {@code name}. */
    public static Executor virtualThreads(String name) {
        return work -> Thread.ofVirtual().name(name).start(work);
    }

    /** {@code work} handed to {@code executor} (kept for {@link #join} if it is rejected). */
    public static <T> OffloadedTask<T> start(Callable<T> work, Executor executor) {
        FutureTask<T> task = new FutureTask<>(work);
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // run by join
        }
        return new OffloadedTask<>(task);
    }

    /**
     * The result, computed here if the executor has not begun; the work's exception as it was thrown.
     *
     * @throws InterruptedIOException if interrupted while the executor's thread finishes it
     */
    public T join() throws IOException {
        task.run(); // does nothing when the executor's thread has begun or finished it
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for work run beside this thread");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
