package dev.osprey.engine;

import dev.osprey.engine.kvpages.KvType;
import dev.osprey.engine.tensor.KernelBackends;

/**
 * Engine options for tests: 2 threads, the backend the machine would pick or a forced one, and an F32
 * KV cache (exact: the llama.cpp goldens were made with an F32 KV cache, and the forward-pass tests
 * compare against float references). Tests of F16 and Q8_0 caches ask for them.
 */
final class TestEngines {
    private TestEngines() {
    }

    static EngineOptions options() {
        return EngineOptions.defaults().withThreads(2).withKvType(KvType.F32);
    }

    /** @param backend "native", "vector" or "scalar", as {@code -Dosprey.kernels} takes it */
    static EngineOptions options(String backend) {
        return options().withBackend(KernelBackends.select(backend));
    }
}
