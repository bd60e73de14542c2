package dev.osprey.engine.synthetic;

import dev.osprey.engine.parallel.WorkerPool;
import dev.osprey.engine.tensor.quant.Quantizer;
import dev.osprey.gguf.TensorSource;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A {@code [rows][cols]} tensor generated and quantized while it is written: rows are produced in
 * chunks of about {@link #CHUNK_BYTES} encoded bytes, the pool's threads splitting each chunk, and
 * each chunk goes to the channel before the next is made. Memory use is one chunk plus one float row
 * per thread, whatever the tensor's size.
 */
final class GeneratedTensor implements TensorSource {
    static final long CHUNK_BYTES = 8L << 20;

    private final int rows;
    private final int cols;
    private final Quantizer quantizer;
    private final RowSource source;
    private final WorkerPool pool;

    GeneratedTensor(int rows, int cols, Quantizer quantizer, RowSource source, WorkerPool pool) {
        this.rows = rows;
        this.cols = cols;
        this.quantizer = quantizer;
        this.source = source;
        this.pool = pool;
    }

    @Override
    public void writeTo(WritableByteChannel out, long byteSize) throws IOException {
        long rowBytes = quantizer.byteSize(cols);
        int chunkRows = (int) Math.max(1, Math.min(rows, CHUNK_BYTES / rowBytes));
        try (Arena arena = Arena.ofShared()) {
            MemorySegment chunk = arena.allocate(chunkRows * rowBytes, 64);
            for (int first = 0; first < rows; first += chunkRows) {
                int n = Math.min(chunkRows, rows - first);
                long base = first;
                pool.forRange(n, 1, (start, end) -> {
                    float[] row = new float[cols];
                    for (int r = start; r < end; r++) {
                        source.fill(base + r, row);
                        quantizer.quantize(row, 0, cols, chunk, r * rowBytes);
                    }
                });
                ByteBuffer bytes = chunk.asSlice(0, n * rowBytes).asByteBuffer();
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
        }
    }
}
