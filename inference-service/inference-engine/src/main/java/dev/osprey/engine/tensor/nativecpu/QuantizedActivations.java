package dev.osprey.engine.tensor.nativecpu;

/**
 * Activations quantized to q8 blocks for the native kernels (see {@code osprey_kernels.h}), one
 * reusable set of buffers per thread, grown on demand and never shrunk. For {@code n} elements
 * ({@code nTokens * cols}, a multiple of 32): {@code qs [n]} int8 quants, {@code scales [n/32]},
 * {@code sums [n/32]} (sum of each block's quants).
 */
final class QuantizedActivations {
    static final int BLOCK = 32;
    private static final ThreadLocal<QuantizedActivations> PER_THREAD = ThreadLocal.withInitial(QuantizedActivations::new);

    byte[] qs = new byte[0];
    float[] scales = new float[0];
    int[] sums = new int[0];

    private QuantizedActivations() {
    }

    /** This thread's buffers, holding room for at least {@code elements} activations. */
    static QuantizedActivations forThread(int elements) {
        QuantizedActivations a = PER_THREAD.get();
        if (a.qs.length < elements) {
            a.qs = new byte[elements];
            a.scales = new float[elements / BLOCK];
            a.sums = new int[elements / BLOCK];
        }
        return a;
    }

    /** Elements the buffers hold. */
    int capacity() {
        return qs.length;
    }
}
