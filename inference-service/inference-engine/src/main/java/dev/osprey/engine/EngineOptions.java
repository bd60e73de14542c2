package dev.osprey.engine;

import dev.osprey.engine.parallel.WorkerPool;
import dev.osprey.engine.tensor.KernelBackend;
import dev.osprey.engine.tensor.scalar.ScalarBackend;
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

    public static EngineOptions defaults() {
        return new EngineOptions(WorkerPool.defaultThreads(), new ScalarBackend());
    }

    public EngineOptions withThreads(int n) {
        return new EngineOptions(n, backend);
    }

    public EngineOptions withBackend(KernelBackend b) {
        return new EngineOptions(threads, b);
    }
}
