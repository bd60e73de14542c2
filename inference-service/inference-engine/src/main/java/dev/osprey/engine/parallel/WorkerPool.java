package dev.osprey.engine.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that split index ranges between them, for the many short parallel regions
 * of a forward pass (a few per layer per step). The range is cut into {@link #CHUNKS_PER_THREAD}
 * chunks per thread that the caller and the workers claim in turn, so a thread slowed by something
 * else on its core does not hold the others up. The workers spin briefly on a generation counter
 * before parking, and only parked ones are woken, so dispatch costs microseconds, not a fork-join
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
    /** Spin iterations between clock reads. */
    private static final int SPINS_PER_CLOCK_READ = 64;
    static final int CHUNKS_PER_THREAD = 4;

    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger nextChunk = new AtomicInteger();
    /** 1 while worker i is (about to be) parked; set before it rechecks the generation, so a dispatch sees it. */
    private final AtomicIntegerArray parked;
    private volatile int generation;
    private volatile boolean closed;
    private volatile RangeTask task;
    private volatile int n;
    private volatile int align;
    private volatile Throwable failure;

    private WorkerPool(int threads) {
        workers = new Thread[threads - 1];
        parked = new AtomicIntegerArray(threads - 1);
        for (int i = 0; i < workers.length; i++) {
            int worker = i;
            Thread t = new Thread(() -> workLoop(worker), "osprey-worker-" + (worker + 1));
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
     * Runs {@code task} over {@code [0, n)} split into contiguous chunks, each starting at a multiple
     * of {@code align}; returns when every chunk is done. A failure in any chunk is rethrown here.
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
        nextChunk.set(0);
        pending.set(workers.length);
        generation++;
        for (int i = 0; i < workers.length; i++) {
            if (parked.get(i) != 0) {
                LockSupport.unpark(workers[i]);
            }
        }
        Throwable own = null;
        try {
            runChunks(task, n, align);
        } catch (Throwable t) {
            own = t;
        }
        long waitStart = System.nanoTime();
        int spins = 0;
        while (pending.get() != 0) {
            if (++spins % SPINS_PER_CLOCK_READ != 0 || System.nanoTime() - waitStart < CALLER_SPIN_NANOS) {
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

    /** Claims and runs chunks until none is left; chunk {@code c} of {@code chunks} covers about n/chunks. */
    private void runChunks(RangeTask task, int n, int align) {
        int units = (n + align - 1) / align;
        int chunks = Math.min(units, threads() * CHUNKS_PER_THREAD);
        for (int c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
            int start = Math.min(n, (int) ((long) units * c / chunks) * align);
            int end = Math.min(n, (int) ((long) units * (c + 1) / chunks) * align);
            if (start < end) {
                task.run(start, end);
            }
        }
    }



    private void workLoop(int worker) {
        int seen = 0;
        while (true) {
            long spinStart = System.nanoTime();
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins % SPINS_PER_CLOCK_READ != 0 || System.nanoTime() - spinStart < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked.set(worker, 1);
                    if (generation == seen && !closed) {
                        LockSupport.parkNanos(this, 1_000_000);
                    }
                    parked.set(worker, 0);
                }
            }
            if (closed) {
                return;
            }
            seen = generation;
            try {
                runChunks(task, n, align);
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
