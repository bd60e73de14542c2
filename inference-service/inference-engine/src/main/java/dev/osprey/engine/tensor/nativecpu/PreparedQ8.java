package dev.osprey.engine.tensor.nativecpu;

import dev.osprey.engine.tensor.PreparedActivations;

/**
 * Activations {@code x[xOffset ..][nTokens][cols]} quantized once by the thread that prepared them, for
 * every native quantized matrix of a parallel region. One per preparing thread, reused by its next
 * {@code prepare}: a region must finish before its caller prepares the next one, as
 * {@link dev.osprey.engine.tensor.Weights#prepare} requires.
 */
final class PreparedQ8 implements PreparedActivations {
    private static final ThreadLocal<PreparedQ8> PER_THREAD = ThreadLocal.withInitial(PreparedQ8::new);

    final Q8Activations activations = new Q8Activations();
    private float[] source;
    private int xOffset;
    private int nTokens;
    private int cols;

    private PreparedQ8() {
    }

    /** This thread's instance, emptied and with room for {@code nTokens * cols} activations. */
    static PreparedQ8 forThread(int nTokens, int cols) {
        PreparedQ8 p = PER_THREAD.get();
        p.activations.grow(Math.multiplyExact(nTokens, cols));
        p.source = null;
        return p;
    }

    void describe(float[] x, int xOffset, int nTokens, int cols) {
        this.source = x;
        this.xOffset = xOffset;
        this.nTokens = nTokens;
        this.cols = cols;
    }

    /** Whether these are the quantized form of exactly {@code x[xOffset ..][nTokens][cols]}. */
    boolean holds(float[] x, int xOffset, int nTokens, int cols) {
        return source == x && this.xOffset == xOffset && this.nTokens == nTokens && this.cols == cols;
    }
}
