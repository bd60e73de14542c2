package dev.osprey.engine.tensor;

import dev.osprey.engine.tensor.nativecpu.NativeBackend;
import dev.osprey.engine.tensor.nativecpu.NativeUnavailableException;
import dev.osprey.engine.tensor.scalar.ScalarBackend;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;

/**
 * Picks the kernel backends, per weight type. Automatically, when the native library for this platform
 * loads and the CPU runs one of its variants: the native kernels ({@link NativeBackend}) for every type
 * they have, then the Vector API backend, when {@code jdk.incubator.vector} is in the boot layer (the JVM
 * was started with {@code --add-modules jdk.incubator.vector}) and its preferred float vector is at least
 * 128 bits, else the scalar reference. Without the library: the Vector API backend (or the scalar one).
 * The Vector API's float tiles prefill F16 faster than the native ones (BENCHMARKS.md, issue 14, third
 * cut), but the native F16 decode is faster and both prefill faster than llama.cpp, so F16 stays native;
 * splitting one matrix between two backends by token count put a wrapper in front of the Vector API
 * kernels, which C2 then inlined past its node budget. {@code -Dosprey.kernels=native|vector|scalar}
 * forces one (native still hands the types it lacks to the next backend). The choice and its reasons are
 * logged once per call.
 */
public final class KernelBackends {
    /** System property that forces a backend by name. */
    public static final String PROPERTY = "osprey.kernels";

    private static final System.Logger LOG = System.getLogger(KernelBackends.class.getName());
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_BACKEND = "dev.osprey.engine.tensor.vector.VectorBackend";

    private KernelBackends() {
    }

    /** The backend named by {@value #PROPERTY}, or the best available one. */
    public static KernelBackend select() {
        return select(System.getProperty(PROPERTY));
    }

    /**
     * @param forced "native", "scalar", "vector", or null/blank for automatic choice
     * @throws IllegalArgumentException if {@code forced} names no backend, or names one this JVM cannot run
     */
    public static KernelBackend select(String forced) {
        return select(forced, vectorProblem());
    }

    /** {@link #select(String)} with {@code vectorProblem} (null: the Vector API runs here). */
    static KernelBackend select(String forced, String vectorProblem) {
        if (forced != null && !forced.isBlank()) {
            String name = forced.trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "native" -> {
                    NativeBackend nat;
                    try {
                        nat = NativeBackend.load();
                    } catch (NativeUnavailableException e) {
                        throw new IllegalArgumentException(PROPERTY + "=native, but " + e.getMessage(), e);
                    }
                    KernelBackend chain = new BackendChain(List.of(nat, fallback(vectorProblem)));
                    LOG.log(Level.INFO, "kernels: " + chain + " (forced by " + PROPERTY + ")");
                    return chain;
                }
                case "scalar" -> {
                    LOG.log(Level.INFO, "kernels: scalar (forced by " + PROPERTY + ")");
                    return new ScalarBackend();
                }
                case "vector" -> {
                    if (vectorProblem != null) {
                        throw new IllegalArgumentException(PROPERTY + "=vector, but " + vectorProblem);
                    }
                    KernelBackend vector = loadVector();
                    LOG.log(Level.INFO, "kernels: " + vector + " (forced by " + PROPERTY + ")");
                    return vector;
                }
                default -> throw new IllegalArgumentException(
                        PROPERTY + "=" + forced + ": expected 'native', 'vector' or 'scalar'");
            }
        }
        KernelBackend fallback = fallback(vectorProblem);
        String fallbackReason = vectorProblem == null
                ? "; the Vector API for the types it lacks"
                : "; no Vector API, because " + vectorProblem;
        try {
            NativeBackend nat = NativeBackend.load();
            KernelBackend chain = new BackendChain(List.of(nat, fallback));
            LOG.log(Level.INFO, "kernels: " + chain + " (native library loaded, the CPU's best variant" + fallbackReason
                    + "; " + PROPERTY + "=native|vector|scalar forces one)");
            return chain;
        } catch (NativeUnavailableException e) {
            LOG.log(Level.INFO, "kernels: " + fallback + " (no native kernels: " + e.getMessage() + fallbackReason + ")");
            return fallback;
        }
    }

    /** The backend after native: vector where it runs, else scalar. */
    private static KernelBackend fallback(String vectorProblem) {
        return vectorProblem != null ? new ScalarBackend() : loadVector();
    }

    /** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    public static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** Why the vector backend cannot run here, or null if it can. */
    private static String vectorProblem() {
        if (!vectorApiPresent()) {
            return VECTOR_MODULE + " is not in the boot layer (start the JVM with --add-modules " + VECTOR_MODULE + ")";
        }
        int bits = vectorBits();
        if (bits < 128) {
            return "the preferred float vector is only " + bits + " bits";
        }
        return null;
    }

    /** Loaded by name so that this class never links against the Vector API itself. */
    private static int vectorBits() {
        try {
            return (int) Class.forName(VECTOR_BACKEND).getMethod("vectorBits").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return 0;
        }
    }

    private static KernelBackend loadVector() {
        try {
            return (KernelBackend) Class.forName(VECTOR_BACKEND).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the vector backend", e);
        }
    }
}
