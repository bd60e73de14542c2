package dev.osprey.engine.tensor.nativecpu;

import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.engine.tensor.scalar.BlockFormat;
import dev.osprey.engine.tensor.scalar.Q4_0Format;
import dev.osprey.engine.tensor.scalar.Q8_0Format;
import dev.osprey.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A Q8_0 or Q4_0 matrix multiplied by the native kernels, read in place from the model's mapping.
 * Each {@link #matmul} quantizes its tokens' activations once (into this thread's
 * {@link QuantizedActivations}), then runs the rows in calls of at most about {@link #CALL_WORK}
 * multiply-adds each, so no critical downcall holds off a GC safepoint for long; every call passes
 * over its rows once for all tokens.
 */
final class NativeWeights implements Weights {
    /** Multiply-adds per downcall (a few milliseconds at most). */
    static final long CALL_WORK = 1L << 24;
    /** Rows per pass of the C kernels; row chunks are multiples of it. */
    private static final int KERNEL_ROWS = 4;

    private final QuantizedMatrix source;
    private final NativeKernels kernels;
    private final MemorySegment data;
    private final BlockFormat format;

    NativeWeights(QuantizedMatrix source, NativeKernels kernels) {
        if (!NativeKernels.hasKernel(source.type())) {
            throw new IllegalArgumentException("no native kernel for " + source.type());
        }
        this.source = source;
        this.kernels = kernels;
        this.format = source.type() == GgmlType.Q8_0 ? new Q8_0Format() : new Q4_0Format();
        this.data = source.data().isNative() ? source.data() : offHeapCopy(source.data());
    }

    /** Heap-backed matrices (tests, never a mapped file) are copied once so the kernels can read them. */
    private static MemorySegment offHeapCopy(MemorySegment heap) {
        MemorySegment copy = Arena.ofAuto().allocate(heap.byteSize(), 64);
        copy.copyFrom(heap);
        return copy;
    }

    @Override
    public QuantizedMatrix source() {
        return source;
    }

    @Override
    public void matmul(float[] x, int xOffset, int nTokens, float[] out, int outOffset, int rowStart, int rowEnd) {
        int rows = source.rows();
        int cols = source.cols();
        Objects.checkFromToIndex(rowStart, rowEnd, rows);
        if (nTokens < 0) {
            throw new IllegalArgumentException("nTokens " + nTokens);
        }
        Objects.checkFromIndexSize(xOffset, Math.multiplyExact(nTokens, cols), x.length);
        Objects.checkFromIndexSize(outOffset, Math.multiplyExact(nTokens, rows), out.length);
        if (rowStart == rowEnd || nTokens == 0) {
            return;
        }
        QuantizedActivations a = QuantizedActivations.forThread(nTokens * cols);
        kernels.quantize(x, xOffset, nTokens, cols, a);
        int chunk = rowsPerCall(nTokens, cols);
        for (int r = rowStart; r < rowEnd; r += chunk) {
            int end = (int) Math.min(rowEnd, (long) r + chunk);
            kernels.matmul(source.type(), data, rows, cols, r, end, a, nTokens, out, outOffset);
        }
    }

    static int rowsPerCall(int nTokens, int cols) {
        long rows = CALL_WORK / ((long) nTokens * cols);
        return (int) Math.max(KERNEL_ROWS, Math.min(Integer.MAX_VALUE, rows / KERNEL_ROWS * KERNEL_ROWS));
    }

    @Override
    public void dequantizeRow(int row, float[] out, int outOffset) {
        Objects.checkIndex(row, source.rows());
        Objects.checkFromIndexSize(outOffset, source.cols(), out.length);
        format.dequantize(source.data(), source.rowOffset(row), source.cols(), out, outOffset);
    }

    @Override
    public String toString() {
        return "native " + kernels + " " + source.type() + " " + source.rows() + "x" + source.cols();
    }
}
