package dev.osprey.engine.tensor.nativecpu;

/**
 * One thread's reusable buffers for the native kernels, grown on demand and never shrunk: activations
 * quantized by a call that was given none prepared, and the kernels' scratch, at least
 * {@link #scratchBytes(int)} for the widest row the thread has multiplied.
 */
final class KernelBuffers {
    private static final ThreadLocal<KernelBuffers> PER_THREAD = ThreadLocal.withInitial(KernelBuffers::new);

    final Q8Activations activations = new Q8Activations();
    byte[] scratch = new byte[0];

    private KernelBuffers() {
    }

    /** {@code OSPREY_SCRATCH_BYTES(cols)}: a kernel call's scratch for rows of {@code cols} elements. */
    static long scratchBytes(int cols) {
        return 48L * cols + 128;
    }

    /** This thread's buffers, with room for {@code elements} quantized activations and rows of {@code cols}. */
    static KernelBuffers forThread(int elements, int cols) {
        KernelBuffers b = PER_THREAD.get();
        b.activations.grow(elements);
        if (b.scratch.length < scratchBytes(cols)) {
            b.scratch = new byte[Math.toIntExact(scratchBytes(cols))];
        }
        return b;
    }
}
