package dev.osprey.engine.tensor;

import dev.osprey.gguf.GgmlType;
import java.util.Set;

/**
 * A family of matrix kernels ("scalar", "vector", later "cuda"). {@link #bind} may repack the matrix
 * once, off-heap, into a layout the kernel reads faster; it never keeps a second full copy on the heap.
 */
public interface KernelBackend {

    /** Short name used in logs and flags. */
    String name();

    /** Types this backend has kernels for. */
    Set<GgmlType> supportedTypes();

    /**
     * @throws UnsupportedTensorTypeException if the matrix's type is not in {@link #supportedTypes()}
     */
    Weights bind(QuantizedMatrix matrix);

    /** This backend's flash-attention kernel. */
    AttentionKernel attention();

    /** This backend's SwiGLU gating. */
    SwiGluKernel swiGlu();
}
