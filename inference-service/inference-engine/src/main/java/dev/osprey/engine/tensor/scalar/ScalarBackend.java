package dev.osprey.engine.tensor.scalar;

import dev.osprey.engine.tensor.AttentionKernel;
import dev.osprey.engine.tensor.KernelBackend;
import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.SwiGluKernel;
import dev.osprey.engine.tensor.UnsupportedTensorTypeException;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.gguf.GgmlType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** The reference backend: plain loops over {@link BlockFormat}s. Slow, obviously right. */
public final class ScalarBackend implements KernelBackend {
    private static final Map<GgmlType, BlockFormat> FORMATS = new EnumMap<>(GgmlType.class);

    static {
        for (BlockFormat f : new BlockFormat[] {
                new F32Format(), new F16Format(), new BF16Format(), new Q8_0Format(), new Q4_0Format(),
                new Q4_KFormat(), new Q5_KFormat(), new Q6_KFormat(),
                new Q4_1Format(), new Q5_0Format(), new Q5_1Format(), new IQ4_NLFormat(),
                new Q2_KFormat(), new Q3_KFormat(), new IQ4_XSFormat()}) {
            FORMATS.put(f.type(), f);
        }
    }

    /** The reference format for {@code type}, or null when there is none. */
    public static BlockFormat format(GgmlType type) {
        return FORMATS.get(type);
    }

    @Override
    public AttentionKernel attention() {
        return ScalarAttention.INSTANCE;
    }

    @Override
    public SwiGluKernel swiGlu() {
        return ScalarSwiGlu.INSTANCE;
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public Set<GgmlType> supportedTypes() {
        return FORMATS.keySet();
    }

    @Override
    public Weights bind(QuantizedMatrix matrix) {
        BlockFormat format = FORMATS.get(matrix.type());
        if (format == null) {
            throw new UnsupportedTensorTypeException(matrix.name(), matrix.type(), name(), supportedTypes());
        }
        return new ScalarWeights(matrix, format);
    }
}
