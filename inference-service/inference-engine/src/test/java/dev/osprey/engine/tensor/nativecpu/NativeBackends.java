package dev.osprey.engine.tensor.nativecpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;

/** The native variants tests can run here; a test that needs one the machine lacks is skipped, saying why. */
final class NativeBackends {
    private NativeBackends() {
    }

    /** Why no native kernels run here, or null if the library loads. */
    static String problem() {
        try {
            NativeLibrary.get();
            return null;
        } catch (NativeUnavailableException e) {
            return e.getMessage();
        }
    }

    /** Every variant the CPU runs (none if the library does not load). */
    static List<InstructionSet> runnable() {
        try {
            int features = NativeLibrary.get().cpuFeatures();
            return Arrays.stream(InstructionSet.values()).filter(s -> s.runsOn(features)).toList();
        } catch (NativeUnavailableException e) {
            return List.of();
        }
    }

    /** The backend for {@code isa}; skips the calling test where the library or the CPU lacks it. */
    static NativeBackend require(InstructionSet isa) {
        String problem = problem();
        assumeTrue(problem == null, () -> "native kernels unavailable: " + problem);
        try {
            return NativeBackend.load(isa);
        } catch (NativeUnavailableException e) {
            assumeTrue(false, e.getMessage());
            throw new AssertionError(e);
        }
    }
}
