package dev.osprey.engine.tensor.nativecpu;

/**
 * One thread's reusable buffers for the native kernels (see {@code osprey_kernels.h}), grown on demand
 * and never shrunk. Activations quantized to q8 blocks, for {@code n} elements
 * ({@code nTokens * cols}, a multiple of 32): {@code qs [n]} int8 quants, {@code scales [n/32]},
 * {@code sums [n/16]} (sum of each 16-element group's quants); and the kernels' scratch, at least
 * {@link #scratchBytes(int)} for the widest row the thread has multiplied.
 */
final class KernelBuffers {
    static final int BLOCK = 32;
    static final int GROUP = 16;
    private static final ThreadLocal<KernelBuffers> PER_THREAD = ThreadLocal.withInitial(KernelBuffers::new);

    byte[] qs = new byte[0];
    float[] scales = new float[0];
    int[] sums = new int[0];
    byte[] scratch = new byte[0];

    private KernelBuffers() {
    }

    /** {@code OSPREY_SCRATCH_BYTES(cols)}: a kernel call's scratch for rows of {@code cols} elements. */
    static long scratchBytes(int cols) {
        return 16L * cols + 64;
    }

    /** This thread's buffers, with room for {@code elements} quantized activations and rows of {@code cols}. */
    static KernelBuffers forThread(int elements, int cols) {
        KernelBuffers b = PER_THREAD.get();
        if (b.qs.length < elements) {
            b.qs = new byte[elements];
            b.scales = new float[elements / BLOCK];
            b.sums = new int[elements / GROUP];
        }
        if (b.scratch.length < scratchBytes(cols)) {
            b.scratch = new byte[Math.toIntExact(scratchBytes(cols))];
        }
        return b;
    }

    /** Quantized activations the buffers hold. */
    int capacity() {
        return qs.length;
    }
}
