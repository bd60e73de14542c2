package dev.osprey.engine.synthetic;

import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufTensorInfo;
import dev.osprey.gguf.GgufWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;

/**
 * Writes a seeded random-weight GGUF of a {@link SyntheticSpec}'s exact shape with llama.cpp's keys
 * and tensor names: 2-D weights in the spec's type, norms (ones) and biases in F32. The header and a
 * sparse file are written first by {@link GgufWriter}; tensor data is then generated row-chunk by
 * row-chunk straight into the file, so memory stays small whatever the model size. Each tensor's
 * generator is seeded from (seed, crc32(name)), so the file is reproducible and tensors can be
 * generated in parallel.
 */
public final class SyntheticModelWriter {
    private static final int CHUNK_BYTES = 4 << 20;

    private SyntheticModelWriter() {
    }

    public static void write(SyntheticSpec spec, long seed, Path path) throws IOException {
        SyntheticShape s = spec.shape();
        String a = s.architecture();
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", a)
                .putString("general.name", "osprey synthetic " + spec.fileStem() + " seed " + seed)
                .putUInt32("general.file_type", fileType(spec.type()))
                .putUInt32(a + ".block_count", s.layers())
                .putUInt32(a + ".context_length", s.contextLength())
                .putUInt32(a + ".embedding_length", s.dim())
                .putUInt32(a + ".feed_forward_length", s.ffn())
                .putUInt32(a + ".attention.head_count", s.heads())
                .putUInt32(a + ".attention.head_count_kv", s.kvHeads())
                .putUInt32(a + ".rope.dimension_count", s.headDim())
                .putFloat32(a + ".rope.freq_base", (float) s.ropeTheta())
                .putFloat32(a + ".attention.layer_norm_rms_epsilon", s.rmsEps());
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(new Tensor("token_embd.weight", spec.type(), s.vocab(), s.dim()));
        tensors.add(new Tensor("output_norm.weight", GgmlType.F32, 1, s.dim()));
        if (!s.tiedOutput()) {
            tensors.add(new Tensor("output.weight", spec.type(), s.vocab(), s.dim()));
        }
        for (int i = 0; i < s.layers(); i++) {
            String p = "blk." + i + ".";
            tensors.add(new Tensor(p + "attn_norm.weight", GgmlType.F32, 1, s.dim()));
            tensors.add(new Tensor(p + "attn_q.weight", spec.type(), s.dim(), s.dim()));
            tensors.add(new Tensor(p + "attn_k.weight", spec.type(), s.kvDim(), s.dim()));
            tensors.add(new Tensor(p + "attn_v.weight", spec.type(), s.kvDim(), s.dim()));
            if (s.qkvBias()) {
                tensors.add(new Tensor(p + "attn_q.bias", GgmlType.F32, 1, s.dim()));
                tensors.add(new Tensor(p + "attn_k.bias", GgmlType.F32, 1, s.kvDim()));
                tensors.add(new Tensor(p + "attn_v.bias", GgmlType.F32, 1, s.kvDim()));
            }
            tensors.add(new Tensor(p + "attn_output.weight", spec.type(), s.dim(), s.dim()));
            tensors.add(new Tensor(p + "ffn_norm.weight", GgmlType.F32, 1, s.dim()));
            tensors.add(new Tensor(p + "ffn_gate.weight", spec.type(), s.ffn(), s.dim()));
            tensors.add(new Tensor(p + "ffn_up.weight", spec.type(), s.ffn(), s.dim()));
            tensors.add(new Tensor(p + "ffn_down.weight", spec.type(), s.dim(), s.ffn()));
        }
        for (Tensor t : tensors) {
            w.addZeroTensor(t.name, t.type, t.rows == 1 ? new long[] {t.cols} : new long[] {t.cols, t.rows});
        }
        w.write(path);
        fill(path, tensors, seed);
    }

    private record Tensor(String name, GgmlType type, int rows, int cols) {
        boolean isNorm() {
            return name.endsWith("norm.weight");
        }
    }

    private static void fill(Path path, List<Tensor> tensors, long seed) throws IOException {
        long dataOffset;
        List<GgufTensorInfo> infos;
        try (GgufFile file = GgufFile.open(path)) {
            dataOffset = file.dataOffset();
            infos = file.tensors();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < tensors.size(); i++) {
                Tensor t = tensors.get(i);
                long offset = dataOffset + infos.get(i).offset();
                done.add(pool.submit(() -> {
                    writeTensor(channel, t, offset, seed);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + path, e);
        } catch (ExecutionException e) {
            throw new IOException("cannot write " + path + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void writeTensor(FileChannel channel, Tensor t, long offset, long seed) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(t.name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        SplittableRandom random = new SplittableRandom(seed ^ (crc.getValue() << 20));
        long rowBytes = t.type.rowSize(t.cols);
        int rowsPerChunk = (int) Math.max(1, CHUNK_BYTES / rowBytes);
        ByteBuffer buffer = ByteBuffer.allocate((int) (rowsPerChunk * rowBytes)).order(ByteOrder.LITTLE_ENDIAN);
        for (int row = 0; row < t.rows; row += rowsPerChunk) {
            int rows = Math.min(rowsPerChunk, t.rows - row);
            buffer.clear().limit((int) (rows * rowBytes));
            if (t.isNorm()) {
                while (buffer.hasRemaining()) {
                    buffer.putFloat(1f);
                }
            } else {
                RandomBlocks.fill(t.type, random, buffer);
            }
            buffer.flip();
            long position = offset + row * rowBytes;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        }
    }

    /** llama.cpp's general.file_type for an all-one-type file. */
    private static int fileType(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case Q4_K -> 14;
            case Q5_K -> 16;
            case Q6_K -> 18;
            case BF16 -> 32;
            default -> throw new IllegalArgumentException("no file type for " + type);
        };
    }
}
