package dev.osprey.engine;

import dev.osprey.engine.tensor.KernelBackends;

/** Engine options for tests: 2 threads, the backend the machine would pick or a forced one. */
final class TestEngines {
    private TestEngines() {
    }

    static EngineOptions options() {
        return EngineOptions.defaults().withThreads(2);
    }

    /** @param backend "native", "vector" or "scalar", as {@code -Dosprey.kernels} takes it */
    static EngineOptions options(String backend) {
        return options().withBackend(KernelBackends.select(backend));
    }
}
