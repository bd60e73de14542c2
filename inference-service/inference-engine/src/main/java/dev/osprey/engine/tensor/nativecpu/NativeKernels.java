package dev.osprey.engine.tensor.nativecpu;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

/**
 * Downcall handles to one {@link InstructionSet}'s kernels, created once. Every method checks its
 * arguments against the C contract in {@code osprey_kernels.h} before calling: an index out of range
 * throws here and never reaches native code. Calls are {@code critical} (heap arrays pass without a
 * copy; the thread does not reach a GC safepoint until the call returns), so callers keep each call's
 * work bounded.
 */
final class NativeKernels {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final FunctionDescriptor QUANTIZE = FunctionDescriptor.ofVoid(ADDR, INT, INT, ADDR, ADDR, ADDR);
    private static final FunctionDescriptor MATMUL =
            FunctionDescriptor.ofVoid(ADDR, INT, INT, INT, ADDR, ADDR, ADDR, INT, ADDR, INT);

    private final InstructionSet isa;
    private final MethodHandle quantize;
    private final MethodHandle matmulQ8_0;
    private final MethodHandle matmulQ4_0;

    private NativeKernels(InstructionSet isa, MethodHandle quantize, MethodHandle matmulQ8_0, MethodHandle matmulQ4_0) {
        this.isa = isa;
        this.quantize = quantize;
        this.matmulQ8_0 = matmulQ8_0;
        this.matmulQ4_0 = matmulQ4_0;
    }

    /** Binds {@code isa}'s symbols in {@code library}; the caller has checked that the CPU runs it. */
    static NativeKernels bind(NativeLibrary library, InstructionSet isa) throws NativeUnavailableException {
        try {
            return new NativeKernels(isa,
                    handle(library, isa.symbol("quantize_q8"), QUANTIZE),
                    handle(library, isa.symbol("matmul_q8_0"), MATMUL),
                    handle(library, isa.symbol("matmul_q4_0"), MATMUL));
        } catch (RuntimeException e) {
            throw new NativeUnavailableException("cannot bind the " + isa + " kernels of " + library.file(), e);
        }
    }

    private static MethodHandle handle(NativeLibrary library, String symbol, FunctionDescriptor descriptor)
            throws NativeUnavailableException {
        MemorySegment address = library.lookup().find(symbol).orElseThrow(
                () -> new NativeUnavailableException(library.file() + " lacks symbol " + symbol));
        return Linker.nativeLinker().downcallHandle(address, descriptor, Linker.Option.critical(true));
    }

    InstructionSet instructionSet() {
        return isa;
    }

    /** Weight types with a matmul kernel here. */
    static boolean hasKernel(GgmlType type) {
        return type == GgmlType.Q8_0 || type == GgmlType.Q4_0;
    }

    /** {@code x[xOffset ..][nTokens][cols]} into {@code a}'s first {@code nTokens * cols} quants. */
    void quantize(float[] x, int xOffset, int nTokens, int cols, QuantizedActivations a) {
        int n = elements(nTokens, cols);
        Objects.checkFromIndexSize(xOffset, n, x.length);
        checkCapacity(a, n);
        try {
            quantize.invokeExact(MemorySegment.ofArray(x).asSlice(4L * xOffset), nTokens, cols,
                    MemorySegment.ofArray(a.qs), MemorySegment.ofArray(a.scales), MemorySegment.ofArray(a.sums));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * For {@code t < nTokens}, {@code r} in {@code [rowStart, rowEnd)}:
     * {@code out[outOffset + t*rows + r] = W[r] . activations[t]}.
     *
     * @param w {@code rows} rows of {@code type} blocks, {@code cols} elements each, in native memory
     */
    void matmul(GgmlType type, MemorySegment w, int rows, int cols, int rowStart, int rowEnd,
                QuantizedActivations a, int nTokens, float[] out, int outOffset) {
        MethodHandle kernel = switch (type) {
            case Q8_0 -> matmulQ8_0;
            case Q4_0 -> matmulQ4_0;
            default -> throw new IllegalArgumentException("no native kernel for " + type);
        };
        if (!w.isNative()) {
            throw new IllegalArgumentException("weights must be in native memory");
        }
        if (w.byteSize() < rows * type.rowSize(cols)) {
            throw new IndexOutOfBoundsException(w.byteSize() + " weight bytes, " + rows + " rows of " + type
                    + "[" + cols + "] need " + rows * type.rowSize(cols));
        }
        Objects.checkFromToIndex(rowStart, rowEnd, rows);
        checkCapacity(a, elements(nTokens, cols));
        Objects.checkFromIndexSize(outOffset, Math.multiplyExact(nTokens, rows), out.length);
        try {
            kernel.invokeExact(w, cols, rowStart, rowEnd, MemorySegment.ofArray(a.qs), MemorySegment.ofArray(a.scales),
                    MemorySegment.ofArray(a.sums), nTokens, MemorySegment.ofArray(out).asSlice(4L * outOffset), rows);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int elements(int nTokens, int cols) {
        if (nTokens < 0 || cols <= 0 || cols % QuantizedActivations.BLOCK != 0) {
            throw new IllegalArgumentException(nTokens + " tokens of " + cols + " (a positive multiple of 32)");
        }
        return Math.multiplyExact(nTokens, cols);
    }

    private static void checkCapacity(QuantizedActivations a, int elements) {
        if (a.capacity() < elements || a.scales.length < elements / QuantizedActivations.BLOCK
                || a.sums.length < elements / QuantizedActivations.BLOCK) {
            throw new IndexOutOfBoundsException("activation buffers hold " + a.capacity() + " elements, " + elements + " needed");
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
