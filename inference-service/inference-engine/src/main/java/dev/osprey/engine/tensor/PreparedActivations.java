package dev.osprey.engine.tensor;

/**
 * Activations {@code x [nTokens][cols]} converted once into the form some kernels multiply (the native
 * kernels' q8 blocks), to be shared by every product over the same {@code x} in a parallel region
 * instead of converted again by each thread and row range. Opaque to callers; valid only while the
 * activations it was made from are unchanged. See {@link Weights#prepare}.
 */
public interface PreparedActivations {
}
