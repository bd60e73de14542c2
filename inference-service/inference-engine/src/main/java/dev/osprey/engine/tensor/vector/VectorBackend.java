package dev.osprey.engine.tensor.vector;

import dev.osprey.engine.tensor.AttentionKernel;
import dev.osprey.engine.tensor.KernelBackend;
import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.SwiGluKernel;
import dev.osprey.engine.tensor.UnsupportedTensorTypeException;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.engine.tensor.scalar.BlockFormat;
import dev.osprey.engine.tensor.scalar.ScalarBackend;
import dev.osprey.engine.tensor.scalar.SignedCodeFormat;
import dev.osprey.gguf.GgmlType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Kernels written with the Java Vector API ({@code jdk.incubator.vector}) for the platform's preferred
 * vector width: fused kernels for the types of llama.cpp's common presets ({@link #FUSED_TYPES}); Q5_0 and
 * IQ4_NL recoded losslessly for the Q8_0 kernel ({@link Q8Recoding}); for every other type with a
 * scalar reference format, that format's row dequantization followed by vector dot products
 * ({@link DequantizingWeights}). Only load this class when that module is in the boot layer;
 * {@code KernelBackends} checks.
 */
public final class VectorBackend implements KernelBackend {
    /** Types with a hand-written fused kernel. */
    public static final Set<GgmlType> FUSED_TYPES = Collections.unmodifiableSet(EnumSet.of(
            GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0,
            GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K));
    private static final Set<GgmlType> TYPES = allTypes();

    private static Set<GgmlType> allTypes() {
        EnumSet<GgmlType> all = EnumSet.copyOf(FUSED_TYPES);
        all.addAll(new ScalarBackend().supportedTypes());
        return Collections.unmodifiableSet(all);
    }

    /** Bits per float vector the kernels use (the preferred species unless narrowed for tests). */
    public static int vectorBits() {
        return Lanes.F.vectorBitSize();
    }

    @Override
    public AttentionKernel attention() {
        return VectorAttention.INSTANCE;
    }

    @Override
    public SwiGluKernel swiGlu() {
        return VectorSwiGlu.INSTANCE;
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public Set<GgmlType> supportedTypes() {
        return TYPES;
    }

    @Override
    public Weights bind(QuantizedMatrix matrix) {
        return switch (matrix.type()) {
            case F32 -> new F32Weights(matrix);
            case F16 -> new F16Weights(matrix);
            case BF16 -> new BF16Weights(matrix);
            case Q8_0 -> new Q8_0Weights(matrix);
            case Q4_0 -> new Q4_0Weights(matrix);
            case Q4_K -> new Q4_KWeights(matrix);
            case Q5_K -> new Q5_KWeights(matrix);
            case Q6_K -> new Q6_KWeights(matrix);
            default -> {
                BlockFormat format = ScalarBackend.format(matrix.type());
                if (format instanceof SignedCodeFormat codes) {
                    yield Q8Recoding.weights(matrix, codes);
                }
                if (format == null) {
                    throw new UnsupportedTensorTypeException(matrix.name(), matrix.type(), name(), supportedTypes());
                }
                yield new DequantizingWeights(matrix, format);
            }
        };
    }

    @Override
    public String toString() {
        return "vector(" + vectorBits() + "-bit)";
    }
}
