package dev.osprey.engine.tensor.nativecpu;

/**
 * Activations quantized to q8 blocks for the native kernels (see {@code osprey_kernels.h}), in
 * buffers grown on demand and never shrunk. For {@code n} elements ({@code nTokens * cols}, a
 * multiple of 32): {@code qs [n]} int8 quants, {@code scales [n/32]}, {@code sums [n/16]} (sum of
 * each 16-element group's quants).
 */
final class Q8Activations {
    static final int BLOCK = 32;
    static final int GROUP = 16;

    byte[] qs = new byte[0];
    float[] scales = new float[0];
    int[] sums = new int[0];

    /** Makes room for {@code elements} activations. */
    Q8Activations grow(int elements) {
        if (qs.length < elements) {
            qs = new byte[elements];
            scales = new float[elements / BLOCK];
            sums = new int[elements / GROUP];
        }
        return this;
    }

    /** Activations the buffers hold. */
    int capacity() {
        return qs.length;
    }
}
