package dev.osprey.engine.tensor;

import dev.osprey.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A row-major 2-D weight matrix as ggml stores it: {@code rows} rows of {@code cols} elements each,
 * every row a whole number of {@code type} blocks ({@code type.rowSize(cols)} bytes), rows packed
 * back to back in {@code data}. In GGUF terms {@code cols = ne0} and {@code rows = ne1}; a linear
 * layer {@code y = W x} has {@code cols = in_features}, {@code rows = out_features}.
 *
 * <p>{@code data} is usually a read-only slice of the memory-mapped model file; it is never copied.
 */
public record QuantizedMatrix(String name, GgmlType type, int rows, int cols, MemorySegment data) {

    public QuantizedMatrix {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + rows + "x" + cols + " is empty");
        }
        if (cols % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor '" + name + "': row length " + cols
                    + " is not a multiple of the " + type + " block size " + type.blockSize());
        }
        long expected = (long) rows * type.rowSize(cols);
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException("tensor '" + name + "': " + data.byteSize() + " bytes of data, "
                    + rows + " rows of " + type + "[" + cols + "] need " + expected);
        }
    }

    /** Bytes in one row. */
    public long rowBytes() {
        return type.rowSize(cols);
    }

    /** Byte offset of row {@code row} in {@link #data()}. */
    public long rowOffset(int row) {
        return row * rowBytes();
    }
}
