package dev.osprey.engine.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that split index ranges between them, for the many short parallel regions
 * of a forward pass (a few per layer per step). The calling thread takes part 0; the workers spin
 * briefly on a generation counter before parking, so dispatch costs microseconds, not a fork-join
 * round trip. One caller at a time: {@link #forRange} is not reentrant and not for concurrent use.
 */
public final class WorkerPool implements AutoCloseable {
    private static final long SPIN_NANOS = 50_000;
    /**
     * How long the caller spins for the workers before yielding its core on each further check: when
     * the machine runs more threads than cores (the embedded default runs every service beside the
     * engine), a worker may be waiting for exactly this core.
     */
    private static final long CALLER_SPIN_NANOS = 20_000;

    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile RangeTask task;
    private volatile int n;
    private volatile int align;
    private volatile Throwable failure;

    private WorkerPool(int threads) {
        workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int part = i + 1;
            Thread t = new Thread(() -> workLoop(part), "osprey-worker-" + part);
            t.setDaemon(true);
            workers[i] = t;
        }
        for (Thread t : workers) {
            t.start();
        }
    }

    /** A pool of {@code threads} threads in all, counting the caller; at least 1. */
    public static WorkerPool create(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + threads);
        }
        return new WorkerPool(threads);
    }

    /** All available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return workers.length + 1;
    }

    /**
     * Runs {@code task} over {@code [0, n)} split into one contiguous part per thread, each part
     * starting at a multiple of {@code align}; returns when every part is done. A failure in any part
     * is rethrown here.
     */
    public void forRange(int n, int align, RangeTask task) {
        if (n <= 0) {
            return;
        }
        if (workers.length == 0 || n <= align) {
            task.run(0, n);
            return;
        }
        if (closed) {
            throw new IllegalStateException("worker pool is closed");
        }
        this.task = task;
        this.n = n;
        this.align = align;
        this.failure = null;
        pending.set(workers.length);
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        Throwable own = null;
        try {
            runPart(0, task, n, align);
        } catch (Throwable t) {
            own = t;
        }
        long waitStart = System.nanoTime();
        while (pending.get() != 0) {
            if (System.nanoTime() - waitStart < CALLER_SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        this.task = null;
        Throwable failed = own != null ? own : failure;
        if (failed instanceof RuntimeException re) {
            throw re;
        }
        if (failed instanceof Error err) {
            throw err;
        }
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
    }

    private void runPart(int part, RangeTask task, int n, int align) {
        int parts = threads();
        int units = (n + align - 1) / align;
        int start = Math.min(n, (int) ((long) units * part / parts) * align);
        int end = Math.min(n, (int) ((long) units * (part + 1) / parts) * align);
        if (start < end) {
            task.run(start, end);
        }
    }

    private void workLoop(int part) {
        int seen = 0;
        while (true) {
            long spinStart = System.nanoTime();
            while (generation == seen && !closed) {
                if (System.nanoTime() - spinStart < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 1_000_000);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                runPart(part, task, n, align);
            } catch (Throwable t) {
                failure = t;
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
