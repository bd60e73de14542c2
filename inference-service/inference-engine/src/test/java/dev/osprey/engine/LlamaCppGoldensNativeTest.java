package dev.osprey.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osprey.engine.tensor.nativecpu.NativeBackend;
import dev.osprey.engine.tensor.nativecpu.NativeUnavailableException;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link LlamaCppGoldensTest}'s goldens for the types the native kernels have, with the native backend
 * forced (its chain runs the files' other tensors, e.g. a Q6_K output, on the next backend). Skipped,
 * saying why, where the native library does not load.
 */
class LlamaCppGoldensNativeTest extends LlamaCppGoldensTest {

    static Stream<Arguments> goldens() {
        return LlamaCppGoldensTest.goldens().filter(a -> {
            String name = (String) a.get()[0];
            return name.endsWith("-q8_0") || name.endsWith("-q4_0");
        });
    }

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
