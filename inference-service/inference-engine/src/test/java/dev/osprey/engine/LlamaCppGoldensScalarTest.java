package dev.osprey.engine;

/**
 * {@link LlamaCppGoldensTest}'s goldens with the scalar reference backend forced: the goldens hold for
 * the reference twin itself, not only for the fast kernels measured against it.
 */
class LlamaCppGoldensScalarTest extends LlamaCppGoldensTest {

    @Override
    EngineOptions options() {
        return TestEngines.options("scalar");
    }
}
