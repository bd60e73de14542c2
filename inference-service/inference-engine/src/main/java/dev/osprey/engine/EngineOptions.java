package dev.osprey.engine;

import dev.osprey.engine.kvpages.KvType;
import dev.osprey.engine.parallel.WorkerPool;
import dev.osprey.engine.tensor.KernelBackend;
import dev.osprey.engine.tensor.KernelBackends;
import java.util.Objects;

/**
 * How to run a model.
 *
 * @param threads threads for the forward pass, counting the caller (default: all cores)
 * @param backend the kernels weights are bound to
 * @param kvType  element type of KV caches made for this model (default F16, as llama.cpp)
 */
public record EngineOptions(int threads, KernelBackend backend, KvType kvType) {

    public EngineOptions {
        if (threads < 1) {
            throw new EngineException("thread count must be at least 1, got " + threads);
        }
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(kvType, "kvType");
    }

    /** All cores; the fastest backend this JVM supports (or the one {@code -Dosprey.kernels} forces). */
    public static EngineOptions defaults() {
        return new EngineOptions(WorkerPool.defaultThreads(), KernelBackends.select(), KvType.F16);
    }

    public EngineOptions withThreads(int n) {
        return new EngineOptions(n, backend, kvType);
    }

    public EngineOptions withBackend(KernelBackend b) {
        return new EngineOptions(threads, b, kvType);
    }

    public EngineOptions withKvType(KvType t) {
        return new EngineOptions(threads, backend, t);
    }
}
