package dev.osprey.engine.tensor;

import dev.osprey.gguf.GgmlType;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Backends in order of preference: each matrix is bound by the first one that has a kernel for its
 * type (native for the types it has, then the next). Named after the first.
 */
public final class BackendChain implements KernelBackend {
    private final List<KernelBackend> backends;
    private final Set<GgmlType> types;

    public BackendChain(List<KernelBackend> backends) {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("an empty backend chain");
        }
        this.backends = List.copyOf(backends);
        EnumSet<GgmlType> all = EnumSet.noneOf(GgmlType.class);
        for (KernelBackend b : this.backends) {
            all.addAll(b.supportedTypes());
        }
        this.types = Collections.unmodifiableSet(all);
    }

    /** The backends, most preferred first. */
    public List<KernelBackend> backends() {
        return backends;
    }

    /** The backend that binds matrices of {@code type}, or null if none has a kernel for it. */
    public KernelBackend backendFor(GgmlType type) {
        for (KernelBackend b : backends) {
            if (b.supportedTypes().contains(type)) {
                return b;
            }
        }
        return null;
    }

    @Override
    public AttentionKernel attention() {
        return backends.getFirst().attention();
    }

    @Override
    public SwiGluKernel swiGlu() {
        return backends.getFirst().swiGlu();
    }

    @Override
    public String name() {
        return backends.getFirst().name();
    }

    @Override
    public Set<GgmlType> supportedTypes() {
        return types;
    }

    @Override
    public Weights bind(QuantizedMatrix matrix) {
        KernelBackend b = backendFor(matrix.type());
        if (b == null) {
            throw new UnsupportedTensorTypeException(matrix.name(), matrix.type(), toString(), types);
        }
        return b.bind(matrix);
    }

    /** e.g. {@code native avx2 [Q8_0, Q4_0], then vector(256-bit)}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < backends.size(); i++) {
            KernelBackend b = backends.get(i);
            s.append(i == 0 ? "" : ", then ").append(b);
            if (i + 1 < backends.size()) {
                s.append(' ').append(b.supportedTypes());
            }
        }
        return s.toString();
    }
}
