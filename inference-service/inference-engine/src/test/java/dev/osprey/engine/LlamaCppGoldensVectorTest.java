package dev.osprey.engine;

/**
 * {@link LlamaCppGoldensTest}'s goldens with the Vector API backend forced, so that its kernels stay
 * covered for the types the native backend takes over where it loads.
 */
class LlamaCppGoldensVectorTest extends LlamaCppGoldensTest {

    @Override
    EngineOptions options() {
        return TestEngines.options("vector");
    }
}
