package dev.osprey.engine;

/** Engine options for tests: the backend the machine would pick, 2 threads. */
final class TestEngines {
    private TestEngines() {
    }

    static EngineOptions options() {
        return EngineOptions.defaults().withThreads(2);
    }
}
