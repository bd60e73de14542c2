package dev.osprey.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osprey.engine.tensor.nativecpu.NativeBackend;
import dev.osprey.engine.tensor.nativecpu.NativeUnavailableException;

/**
 * Every one of {@link LlamaCppGoldensTest}'s goldens with the native backend forced, so each tensor
 * type of every file runs through the native kernels. Skipped, saying why, where the native library
 * does not load.
 */
class LlamaCppGoldensNativeTest extends LlamaCppGoldensTest {

    @Override
    EngineOptions options() {
        try {
            NativeBackend.load();
        } catch (NativeUnavailableException e) {
            assumeTrue(false, "native kernels unavailable: " + e.getMessage());
        }
        return TestEngines.options("native");
    }
}
