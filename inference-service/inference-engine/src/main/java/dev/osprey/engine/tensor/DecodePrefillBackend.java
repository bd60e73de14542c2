package dev.osprey.engine.tensor;

import dev.osprey.gguf.GgmlType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Two backends for the same types, chosen per product by its token count: passes of at most
 * {@link #DECODE_TOKENS} tokens (decode: one pass over the weights, bound by memory) go to {@code decode},
 * longer ones (prefill: bound by arithmetic) to {@code prefill}. Each matrix is bound by both; neither
 * copies it (the float kernels of both read the model's mapping in place). Attention and SwiGLU come
 * from {@code decode}.
 */
public final class DecodePrefillBackend implements KernelBackend {
    /** Most tokens of a pass that goes to the decode backend. */
    public static final int DECODE_TOKENS = 2;

    private final KernelBackend decode;
    private final KernelBackend prefill;
    private final Set<GgmlType> types;

    /**
     * @throws IllegalArgumentException if either backend lacks one of {@code types}
     */
    public DecodePrefillBackend(KernelBackend decode, KernelBackend prefill, Set<GgmlType> types) {
        if (!decode.supportedTypes().containsAll(types) || !prefill.supportedTypes().containsAll(types)) {
            throw new IllegalArgumentException(decode + " and " + prefill + " must both have kernels for " + types);
        }
        this.decode = decode;
        this.prefill = prefill;
        this.types = Collections.unmodifiableSet(EnumSet.copyOf(types));
    }

    @Override
    public String name() {
        return decode.name() + "/" + prefill.name();
    }

    @Override
    public Set<GgmlType> supportedTypes() {
        return types;
    }

    @Override
    public Weights bind(QuantizedMatrix matrix) {
        if (!types.contains(matrix.type())) {
            throw new UnsupportedTensorTypeException(matrix.name(), matrix.type(), name(), types);
        }
        return new Split(matrix, decode.bind(matrix), prefill.bind(matrix));
    }

    @Override
    public AttentionKernel attention() {
        return decode.attention();
    }

    @Override
    public SwiGluKernel swiGlu() {
        return decode.swiGlu();
    }

    @Override
    public String toString() {
        return decode + " for decode, " + prefill + " for prefill " + types;
    }

    /** A matrix bound twice; every call goes to one binding by its token count. */
    private record Split(QuantizedMatrix source, Weights decode, Weights prefill) implements Weights {
        private Weights by(int nTokens) {
            return nTokens <= DECODE_TOKENS ? decode : prefill;
        }

        @Override
        public void matmul(float[] x, int xOffset, int nTokens, float[] out, int outOffset, int rowStart, int rowEnd) {
            by(nTokens).matmul(x, xOffset, nTokens, out, outOffset, rowStart, rowEnd);
        }

        @Override
        public PreparedActivations prepare(float[] x, int xOffset, int nTokens, PreparedActivations reusable) {
            return by(nTokens).prepare(x, xOffset, nTokens, reusable);
        }

        @Override
        public void matmul(PreparedActivations prepared, float[] x, int xOffset, int nTokens, float[] out,
                           int outOffset, int rowStart, int rowEnd) {
            by(nTokens).matmul(prepared, x, xOffset, nTokens, out, outOffset, rowStart, rowEnd);
        }

        @Override
        public void dequantizeRow(int row, float[] out, int outOffset) {
            decode.dequantizeRow(row, out, outOffset);
        }
    }
}
