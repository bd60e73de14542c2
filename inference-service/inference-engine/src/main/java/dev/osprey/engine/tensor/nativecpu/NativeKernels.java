package dev.osprey.engine.tensor.nativecpu;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Downcall handles to one {@link InstructionSet}'s kernels, created once. Every method checks its
 * arguments against the C contract in {@code osprey_kernels.h} before calling: an index out of range
 * throws here and never reaches native code. Calls are {@code critical} (heap arrays pass without a
 * copy; the thread does not reach a GC safepoint until the call returns), so callers keep each call's
 * work bounded.
 */
final class NativeKernels {
    /** Types multiplied against q8 activations ({@code OSPREY_MATMUL}). */
    static final Set<GgmlType> QUANTIZED = Collections.unmodifiableSet(EnumSet.of(
            GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1, GgmlType.IQ4_NL,
            GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K, GgmlType.IQ4_XS));
    /** Types multiplied against float activations ({@code OSPREY_MATMUL_FLOAT}). */
    static final Set<GgmlType> FLOAT = Collections.unmodifiableSet(EnumSet.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16));
    /** Every type with a kernel. */
    static final Set<GgmlType> TYPES;

    static {
        EnumSet<GgmlType> all = EnumSet.copyOf(QUANTIZED);
        all.addAll(FLOAT);
        TYPES = Collections.unmodifiableSet(all);
    }

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final FunctionDescriptor QUANTIZE = FunctionDescriptor.ofVoid(ADDR, INT, INT, ADDR, ADDR, ADDR);
    private static final FunctionDescriptor MATMUL =
            FunctionDescriptor.ofVoid(ADDR, INT, INT, INT, ADDR, ADDR, ADDR, INT, ADDR, INT, ADDR);
    private static final FunctionDescriptor MATMUL_FLOAT =
            FunctionDescriptor.ofVoid(ADDR, INT, INT, INT, ADDR, INT, ADDR, INT, ADDR);

    private final InstructionSet isa;
    private final MethodHandle quantize;
    private final Map<GgmlType, MethodHandle> matmul;

    private NativeKernels(InstructionSet isa, MethodHandle quantize, Map<GgmlType, MethodHandle> matmul) {
        this.isa = isa;
        this.quantize = quantize;
        this.matmul = matmul;
    }

    /** Binds {@code isa}'s symbols in {@code library}; the caller has checked that the CPU runs it. */
    static NativeKernels bind(NativeLibrary library, InstructionSet isa) throws NativeUnavailableException {
        try {
            Map<GgmlType, MethodHandle> matmul = new EnumMap<>(GgmlType.class);
            for (GgmlType type : TYPES) {
                String family = "matmul_" + type.name().toLowerCase(Locale.ROOT);
                matmul.put(type, library.criticalDowncall(isa.symbol(family), QUANTIZED.contains(type) ? MATMUL : MATMUL_FLOAT));
            }
            return new NativeKernels(isa, library.criticalDowncall(isa.symbol("quantize_q8"), QUANTIZE), matmul);
        } catch (RuntimeException e) {
            throw new NativeUnavailableException("cannot bind the " + isa + " kernels of " + library.file(), e);
        }
    }

    InstructionSet instructionSet() {
        return isa;
    }

    /** {@code x[xOffset ..][nTokens][cols]} into {@code b}'s first {@code nTokens * cols} quants. */
    void quantize(float[] x, int xOffset, int nTokens, int cols, Q8Activations b) {
        int n = quantizedElements(nTokens, cols);
        Objects.checkFromIndexSize(xOffset, n, x.length);
        checkActivations(b, n);
        try {
            quantize.invokeExact(MemorySegment.ofArray(x).asSlice(4L * xOffset), nTokens, cols,
                    MemorySegment.ofArray(b.qs), MemorySegment.ofArray(b.scales), MemorySegment.ofArray(b.sums));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * For {@code t < nTokens}, {@code r} in {@code [rowStart, rowEnd)}:
     * {@code out[outOffset + t*rows + r] = W[r] . activations[t]}, the activations quantized in {@code a}.
     *
     * @param w {@code rows} rows of {@code type} blocks, {@code cols} elements each, in native memory
     */
    void matmulQuantized(GgmlType type, MemorySegment w, int rows, int cols, int rowStart, int rowEnd,
                         Q8Activations a, int nTokens, float[] out, int outOffset, KernelBuffers b) {
        if (!QUANTIZED.contains(type)) {
            throw new IllegalArgumentException("no native q8 kernel for " + type);
        }
        checkWeights(type, w, rows, cols, rowStart, rowEnd);
        checkActivations(a, quantizedElements(nTokens, cols));
        checkOutAndScratch(rows, cols, nTokens, out, outOffset, b);
        try {
            matmul.get(type).invokeExact(w, cols, rowStart, rowEnd, MemorySegment.ofArray(a.qs),
                    MemorySegment.ofArray(a.scales), MemorySegment.ofArray(a.sums), nTokens,
                    MemorySegment.ofArray(out).asSlice(4L * outOffset), rows, MemorySegment.ofArray(b.scratch));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** As {@link #matmulQuantized}, for F32/F16/BF16 weights and float activations {@code x[xOffset ..][nTokens][cols]}. */
    void matmulFloat(GgmlType type, MemorySegment w, int rows, int cols, int rowStart, int rowEnd,
                     float[] x, int xOffset, int nTokens, float[] out, int outOffset, KernelBuffers b) {
        if (!FLOAT.contains(type)) {
            throw new IllegalArgumentException("no native float kernel for " + type);
        }
        checkWeights(type, w, rows, cols, rowStart, rowEnd);
        if (nTokens < 0) {
            throw new IllegalArgumentException("nTokens " + nTokens);
        }
        Objects.checkFromIndexSize(xOffset, Math.multiplyExact(nTokens, cols), x.length);
        checkOutAndScratch(rows, cols, nTokens, out, outOffset, b);
        try {
            matmul.get(type).invokeExact(w, cols, rowStart, rowEnd, MemorySegment.ofArray(x).asSlice(4L * xOffset),
                    nTokens, MemorySegment.ofArray(out).asSlice(4L * outOffset), rows, MemorySegment.ofArray(b.scratch));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static void checkWeights(GgmlType type, MemorySegment w, int rows, int cols, int rowStart, int rowEnd) {
        if (!w.isNative()) {
            throw new IllegalArgumentException("weights must be in native memory");
        }
        if (cols <= 0 || rows < 0) {
            throw new IllegalArgumentException(rows + " rows of " + cols);
        }
        long need = rows * type.rowSize(cols);
        if (w.byteSize() < need) {
            throw new IndexOutOfBoundsException(w.byteSize() + " weight bytes, " + rows + " rows of " + type
                    + "[" + cols + "] need " + need);
        }
        Objects.checkFromToIndex(rowStart, rowEnd, rows);
    }

    private static void checkOutAndScratch(int rows, int cols, int nTokens, float[] out, int outOffset, KernelBuffers b) {
        Objects.checkFromIndexSize(outOffset, Math.multiplyExact(nTokens, rows), out.length);
        if (b.scratch.length < KernelBuffers.scratchBytes(cols)) {
            throw new IndexOutOfBoundsException("scratch of " + b.scratch.length + " bytes, rows of " + cols + " need "
                    + KernelBuffers.scratchBytes(cols));
        }
    }

    private static int quantizedElements(int nTokens, int cols) {
        if (nTokens < 0 || cols <= 0 || cols % Q8Activations.BLOCK != 0) {
            throw new IllegalArgumentException(nTokens + " tokens of " + cols + " (a positive multiple of 32)");
        }
        return Math.multiplyExact(nTokens, cols);
    }

    private static void checkActivations(Q8Activations b, int elements) {
        if (b.capacity() < elements || b.scales.length < elements / Q8Activations.BLOCK
                || b.sums.length < elements / Q8Activations.GROUP) {
            throw new IndexOutOfBoundsException("activation buffers hold " + b.capacity() + " elements, " + elements + " needed");
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    @Override
    public String toString() {
        return isa.toString();
    }
}
