package dev.osprey.engine.tensor.nativecpu;

import dev.osprey.engine.tensor.AttentionKernel;
import dev.osprey.engine.tensor.KernelBackend;
import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.SwiGluKernel;
import dev.osprey.engine.tensor.UnsupportedTensorTypeException;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.gguf.GgmlType;
import java.util.Set;

/**
 * Kernels in C through the FFM API, for the weight types in {@link #supportedTypes()}; the other
 * types go to the next backend in the chain ({@code KernelBackends}). The instruction set is the best
 * the CPU runs, or the one {@value #ISA_PROPERTY} names.
 */
public final class NativeBackend implements KernelBackend {
    /** System property that picks the variant ({@code avx512-vnni}, {@code avx-vnni}, {@code avx2}, {@code ref}). */
    public static final String ISA_PROPERTY = "osprey.kernels.isa";

    /** Every type with a native kernel. */
    public static final Set<GgmlType> TYPES = NativeKernels.TYPES;

    private final NativeKernels kernels;
    private final NativeAttention attention;
    private final NativeSwiGlu swiGlu;
    private final Set<GgmlType> types;

    private NativeBackend(NativeKernels kernels, NativeAttention attention, NativeSwiGlu swiGlu, Set<GgmlType> types) {
        this.kernels = kernels;
        this.attention = attention;
        this.swiGlu = swiGlu;
        this.types = types;
    }

    private static NativeBackend bind(NativeLibrary library, InstructionSet isa) throws NativeUnavailableException {
        return new NativeBackend(NativeKernels.bind(library, isa), NativeAttention.bind(library, isa),
                NativeSwiGlu.bind(library, isa), TYPES);
    }

    /** The backend with the variant {@value #ISA_PROPERTY} names, or else the CPU's best. */
    public static NativeBackend load() throws NativeUnavailableException {
        String forced = System.getProperty(ISA_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            try {
                return load(InstructionSet.named(forced));
            } catch (IllegalArgumentException e) {
                throw new NativeUnavailableException(ISA_PROPERTY + "=" + forced + ": " + e.getMessage());
            }
        }
        NativeLibrary library = NativeLibrary.get();
        InstructionSet best = InstructionSet.best(library.cpuFeatures());
        if (best == null) {
            throw new NativeUnavailableException("the CPU lacks AVX2, FMA or F16C (features 0x"
                    + Integer.toHexString(library.cpuFeatures()) + ")");
        }
        return bind(library, best);
    }

    /** The backend running variant {@code isa}, if the library loads and the CPU runs it. */
    public static NativeBackend load(InstructionSet isa) throws NativeUnavailableException {
        return bind(NativeLibrary.forVariant(isa), isa);
    }

    public InstructionSet instructionSet() {
        return kernels.instructionSet();
    }

    @Override
    public AttentionKernel attention() {
        return attention;
    }

    @Override
    public SwiGluKernel swiGlu() {
        return swiGlu;
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public Set<GgmlType> supportedTypes() {
        return types;
    }

    @Override
    public Weights bind(QuantizedMatrix matrix) {
        if (!types.contains(matrix.type())) {
            throw new UnsupportedTensorTypeException(matrix.name(), matrix.type(), name(), supportedTypes());
        }
        return new NativeWeights(matrix, kernels);
    }

    @Override
    public String toString() {
        return "native " + kernels.instructionSet();
    }
}
