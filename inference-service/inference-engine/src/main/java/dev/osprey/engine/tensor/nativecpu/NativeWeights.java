package dev.osprey.engine.tensor.nativecpu;

import dev.osprey.engine.tensor.PreparedActivations;
import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.engine.tensor.scalar.BlockFormat;
import dev.osprey.engine.tensor.scalar.ScalarBackend;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A matrix of any {@link NativeKernels#TYPES type} multiplied by the native kernels, read in place
 * from the model's mapping. Each {@link #matmul} of a quantized type quantizes its tokens'
 * activations once (into this thread's {@link KernelBuffers}) unless they come {@link #prepare prepared}
 * (quantized once for every matrix of a parallel region); float types take them as they are.
 * The rows then run in calls of at most about {@link #CALL_WORK} multiply-adds each, so no critical
 * downcall holds off a GC safepoint for long; every call passes over its rows once for all tokens.
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
    private final boolean quantized;

    NativeWeights(QuantizedMatrix source, NativeKernels kernels) {
        if (!NativeKernels.TYPES.contains(source.type())) {
            throw new IllegalArgumentException("no native kernel for " + source.type());
        }
        this.source = source;
        this.kernels = kernels;
        this.quantized = NativeKernels.QUANTIZED.contains(source.type());
        this.format = ScalarBackend.format(source.type());
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
    public PreparedActivations prepare(float[] x, int xOffset, int nTokens, PreparedActivations reusable) {
        int cols = source.cols();
        if (!quantized || nTokens <= 0) {
            return reusable;
        }
        if (reusable instanceof PreparedQ8 q && q.holds(x, xOffset, nTokens, cols)) {
            return q;
        }
        Objects.checkFromIndexSize(xOffset, Math.multiplyExact(nTokens, cols), x.length);
        PreparedQ8 q = PreparedQ8.forThread(nTokens, cols);
        kernels.quantize(x, xOffset, nTokens, cols, q.activations);
        q.describe(x, xOffset, nTokens, cols);
        return q;
    }

    @Override
    public void matmul(float[] x, int xOffset, int nTokens, float[] out, int outOffset, int rowStart, int rowEnd) {
        matmul(null, x, xOffset, nTokens, out, outOffset, rowStart, rowEnd);
    }

    @Override
    public void matmul(PreparedActivations prepared, float[] x, int xOffset, int nTokens, float[] out, int outOffset,
                       int rowStart, int rowEnd) {
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
        boolean ready = quantized && prepared instanceof PreparedQ8 q && q.holds(x, xOffset, nTokens, cols);
        KernelBuffers b = KernelBuffers.forThread(quantized && !ready ? nTokens * cols : 0, cols);
        Q8Activations a = ready ? ((PreparedQ8) prepared).activations : b.activations;
        if (quantized && !ready) {
            kernels.quantize(x, xOffset, nTokens, cols, a);
        }
        int chunk = rowsPerCall(nTokens, cols);
        for (int r = rowStart; r < rowEnd; r += chunk) {
            int end = (int) Math.min(rowEnd, (long) r + chunk);
            if (quantized) {
                kernels.matmulQuantized(source.type(), data, rows, cols, r, end, a, nTokens, out, outOffset, b);
            } else {
                kernels.matmulFloat(source.type(), data, rows, cols, r, end, x, xOffset, nTokens, out, outOffset, b);
            }
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
