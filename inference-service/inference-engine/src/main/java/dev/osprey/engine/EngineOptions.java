package dev.osprey.engine;

import dev.osprey.engine.parallel.WorkerPool;
import dev.osprey.engine.tensor.KernelBackend;
import dev.osprey.engine.tensor.KernelBackends;
import java.util.Objects;

/**
 * How to run a model.
 *
 * @param threads threads for the forward pass, counting the caller (default: all cores)
 * @param backend the kernels weights are bound to
 */
public record EngineOptions(int threads, KernelBackend backend) {

    public EngineOptions {
        if (threads < 1) {
            throw new EngineException("thread count must be at least 1, got " + threads);
        }
        Objects.requireNonNull(backend, "backend");
    }

    /** All cores; the fastest backend this JVM supports (or the one {@code -Dosprey.kernels} forces). */
    public static EngineOptions defaults() {
        return new EngineOptions(WorkerPool.defaultThreads(), KernelBackends.select());
    }

    public EngineOptions withThreads(int n) {
        return new EngineOptions(n, backend);
    }

    public EngineOptions withBackend(KernelBackend b) {
        return new EngineOptions(threads, b);
    }
}
