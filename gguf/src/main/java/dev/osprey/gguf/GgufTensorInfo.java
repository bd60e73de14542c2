package dev.osprey.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor's entry in a GGUF file: its name, shape, ggml type and where its data starts.
 * Construction throws {@link IllegalArgumentException} if the shape is invalid for the type, the
 * element count or byte size overflows a long, or {@code offset} is negative.
 *
 * @param name   tensor name, unique within the file
 * @param dims   shape as ggml orders it, {@code ne0} (the contiguous, fastest-varying dimension) first:
 *               a {@code [64, 512]} weight has 512 rows of 64 elements; 0 to 4 dimensions, each &ge; 0
 * @param type   element type; {@code dims[0]} is a whole number of its blocks
 * @param offset byte offset of the data, relative to the file's data section
 */
public record GgufTensorInfo(String name, long[] dims, GgmlType type, long offset) {

    /** ggml's {@code GGML_MAX_DIMS}. */
    public static final int MAX_DIMS = 4;

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
        String problem = shapeProblem(dims, type);
        if (problem != null) {
            throw new IllegalArgumentException("tensor '" + name + "': " + problem);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("tensor '" + name + "': negative offset " + offset);
        }
    }

    /**
     * Why {@code dims} cannot be a tensor of {@code type}, or {@code null} if it can: more than
     * {@link #MAX_DIMS} dimensions, a negative dimension, {@code ne0} not a whole number of blocks,
     * or an element count or byte size beyond {@code Long.MAX_VALUE}.
     */
    static String shapeProblem(long[] dims, GgmlType type) {
        if (dims.length > MAX_DIMS) {
            return dims.length + " dimensions (at most " + MAX_DIMS + ")";
        }
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                return "dimension " + i + " is " + Long.toUnsignedString(dims[i]) + " (negative as a signed 64-bit count)";
            }
            long product = elements * dims[i];
            if (Math.multiplyHigh(elements, dims[i]) != 0 || product < 0) {
                return "shape " + shapeString(dims) + " has more than 2^63-1 elements";
            }
            elements = product;
        }
        long ne0 = dims.length == 0 ? 1 : dims[0];
        if (ne0 % type.blockSize() != 0) {
            return "row length " + ne0 + " is not a multiple of the " + type + " block size " + type.blockSize();
        }
        long blocks = elements / type.blockSize();
        if (blocks > Long.MAX_VALUE / type.typeSize()) {
            return "shape " + shapeString(dims) + " of " + type + " is more than 2^63-1 bytes";
        }
        return null;
    }

    /** The shape, {@code ne0} first; a copy. */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** Number of dimensions stored in the file (0 to 4). */
    public int nDims() {
        return dims.length;
    }

    /** {@code ne[i]} as ggml sees it: the stored dimension, or 1 beyond {@link #nDims()} (for i &lt; 4). */
    public long dim(int i) {
        Objects.checkIndex(i, MAX_DIMS);
        return i < dims.length ? dims[i] : 1;
    }

    /** Product of the dimensions (1 for a 0-dimensional tensor). */
    public long elementCount() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** Bytes of data: {@code ne0 / blockSize * typeSize * ne1 * ne2 * ne3}. */
    public long byteSize() {
        return elementCount() / type.blockSize() * type.typeSize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufTensorInfo t && t.name.equals(name) && Arrays.equals(t.dims, dims)
                && t.type == type && t.offset == offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), type, offset);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + shapeString(dims) + " @" + offset + " (" + byteSize() + " bytes)";
    }

    private static String shapeString(long[] dims) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            s.append(i > 0 ? ", " : "").append(Long.toUnsignedString(dims[i]));
        }
        return s.append(']').toString();
    }
}
