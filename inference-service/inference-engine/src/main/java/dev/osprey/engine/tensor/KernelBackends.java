package dev.osprey.engine.tensor;

import dev.osprey.engine.tensor.scalar.ScalarBackend;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Picks the kernel backend: the Vector API backend when {@code jdk.incubator.vector} is in the boot
 * layer (the JVM was started with {@code --add-modules jdk.incubator.vector}) and its preferred float
 * vector is at least 128 bits, else the scalar reference. {@code -Dosprey.kernels=scalar|vector}
 * forces one. The choice and its reason are logged once per call.
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
     * @param forced "scalar", "vector", or null/blank for automatic choice
     * @throws IllegalArgumentException if {@code forced} names no backend, or names one this JVM cannot run
     */
    public static KernelBackend select(String forced) {
        String vectorProblem = vectorProblem();
        if (forced != null && !forced.isBlank()) {
            String name = forced.trim().toLowerCase(Locale.ROOT);
            switch (name) {
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
                        PROPERTY + "=" + forced + ": expected 'scalar' or 'vector'");
            }
        }
        if (vectorProblem != null) {
            LOG.log(Level.INFO, "kernels: scalar, because " + vectorProblem);
            return new ScalarBackend();
        }
        KernelBackend vector = loadVector();
        LOG.log(Level.INFO, "kernels: " + vector + " (" + VECTOR_MODULE + " present)");
        return vector;
    }

    /** Why the vector backend cannot run here, or null if it can. */
    /** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    public static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

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
