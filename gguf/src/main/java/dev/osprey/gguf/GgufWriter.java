package dev.osprey.gguf;

import dev.osprey.gguf.GgufArray.NestedArray;
import dev.osprey.gguf.GgufArray.ScalarArray;
import dev.osprey.gguf.GgufArray.StringArray;
import dev.osprey.gguf.GgufValue.BoolValue;
import dev.osprey.gguf.GgufValue.FloatValue;
import dev.osprey.gguf.GgufValue.IntValue;
import dev.osprey.gguf.GgufValue.StringValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Builds a GGUF v2 or v3 file: metadata of every type (nested arrays included) and tensors, laid out
 * as llama.cpp writes them: tensors in the order added, each starting at the next multiple of the
 * alignment after the previous one, the data section starting at the aligned end of the tensor
 * infos, and the file ending at the aligned end of the last tensor (or, without tensors, right after
 * the metadata).
 *
 * <pre>{@code
 * new GgufWriter()
 *     .putString("general.architecture", "llama")
 *     .putUInt32("llama.embedding_length", 64)
 *     .putStringArray("tokenizer.ggml.tokens", tokens)
 *     .addTensor("token_embd.weight", GgmlType.F32, new long[] {64, 512}, bytes)
 *     .write(path);
 * }</pre>
 *
 * Tensor data given as arrays, segments or buffers is not copied until {@link #write} or
 * {@link #toByteArray}, and must not change before then; a {@link TensorSource} is asked for its
 * bytes only then, so {@link #write} streams tensors of any size straight to the file. Not
 * thread-safe.
 */
public final class GgufWriter {

    /** llama.cpp's {@code GGML_MAX_NAME}: tensor names hold at most 63 bytes plus a terminator. */
    public static final int MAX_TENSOR_NAME_BYTES = 63;

    private int version = 3;
    private final LinkedHashMap<String, GgufValue> metadata = new LinkedHashMap<>();
    private final LinkedHashMap<String, Pending> tensors = new LinkedHashMap<>();

    /** A tensor to write: {@code data}, or {@code source}, or neither for an all-zero tensor. */
    private record Pending(String name, GgmlType type, long[] dims, MemorySegment data, TensorSource source) {
    }

    /** The bytes before the data section, and where each tensor goes. */
    private record Layout(byte[] head, long dataOffset, long[] offsets, long totalSize) {
    }

    /** GGUF version to write: 2 or 3 (the default). The two share one little-endian layout. */
    public GgufWriter version(int version) {
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("can write GGUF version 2 or 3, not " + version);
        }
        this.version = version;
        return this;
    }

    /** Sets {@code general.alignment} (a UINT32 power of two up to 2^30); 32 when never set. */
    public GgufWriter alignment(int alignment) {
        return put(GgufFile.ALIGNMENT_KEY, GgufValue.uint32(alignment));
    }

    /**
     * Sets {@code key} to {@code value}. A key already set keeps its position and takes the new value.
     *
     * @throws IllegalArgumentException for an empty key, or a {@code general.alignment} that is not a
     *                                  UINT32 power of two up to 2^30
     */
    public GgufWriter put(String key, GgufValue value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("metadata keys must not be empty");
        }
        if (key.equals(GgufFile.ALIGNMENT_KEY)) {
            if (!(value instanceof IntValue(GgufType type, long a)) || type != GgufType.UINT32
                    || a == 0 || Long.bitCount(a) != 1 || a > 1L << 30) {
                throw new IllegalArgumentException(key + " must be a UINT32 power of two up to 2^30, not " + value);
            }
        }
        metadata.put(key, value);
        return this;
    }

    /** Copies every entry of {@code source}, in order. */
    public GgufWriter putAll(GgufMetadata source) {
        source.asMap().forEach(this::put);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValue.string(value));
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValue.bool(value));
    }

    public GgufWriter putUInt8(String key, int value) {
        return put(key, GgufValue.uint8(value));
    }

    public GgufWriter putInt8(String key, int value) {
        return put(key, GgufValue.int8(value));
    }

    public GgufWriter putUInt16(String key, int value) {
        return put(key, GgufValue.uint16(value));
    }

    public GgufWriter putInt16(String key, int value) {
        return put(key, GgufValue.int16(value));
    }

    public GgufWriter putUInt32(String key, long value) {
        return put(key, GgufValue.uint32(value));
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValue.int32(value));
    }

    /** {@code value} is the raw 64 bits (negative means 2^63 and above). */
    public GgufWriter putUInt64(String key, long value) {
        return put(key, GgufValue.uint64(value));
    }

    public GgufWriter putInt64(String key, long value) {
        return put(key, GgufValue.int64(value));
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValue.float32(value));
    }

    public GgufWriter putFloat64(String key, double value) {
        return put(key, GgufValue.float64(value));
    }

    public GgufWriter putArray(String key, GgufArray value) {
        return put(key, value);
    }

    public GgufWriter putStringArray(String key, List<String> values) {
        return put(key, GgufArray.ofStrings(values));
    }

    public GgufWriter putInt32Array(String key, int... values) {
        return put(key, GgufArray.ofInt32(values));
    }

    public GgufWriter putFloat32Array(String key, float... values) {
        return put(key, GgufArray.ofFloat32(values));
    }

    /**
     * Adds a tensor whose data is {@code data} (exactly its byte size, in ggml layout).
     *
     * @param dims shape, {@code ne0} first
     * @throws IllegalArgumentException for a duplicate or over-long name, an invalid shape, or data of the wrong size
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, MemorySegment data) {
        Objects.requireNonNull(data, "data");
        return add(name, type, dims, data, null);
    }

    /**
     * Adds a tensor whose data {@code source} writes during {@link #write} or {@link #toByteArray}.
     *
     * @param dims shape, {@code ne0} first
     * @throws IllegalArgumentException for a duplicate or over-long name or an invalid shape
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, TensorSource source) {
        return add(name, type, dims, null, Objects.requireNonNull(source, "source"));
    }

    /** As {@link #addTensor(String, GgmlType, long[], MemorySegment)}, from an array. */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, byte[] data) {
        return add(name, type, dims, MemorySegment.ofArray(Objects.requireNonNull(data, "data")), null);
    }

    /** As {@link #addTensor(String, GgmlType, long[], MemorySegment)}, from the buffer's remaining bytes. */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, ByteBuffer data) {
        return add(name, type, dims, MemorySegment.ofBuffer(Objects.requireNonNull(data, "data")), null);
    }

    /**
     * Adds a tensor whose data is all zeros. {@link #write} leaves its bytes as a hole in the file
     * (sparse where the file system supports it), so large placeholder tensors cost no disk space.
     */
    public GgufWriter addZeroTensor(String name, GgmlType type, long[] dims) {
        return add(name, type, dims, null, null);
    }

    private GgufWriter add(String name, GgmlType type, long[] dims, MemorySegment data, TensorSource source) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes == 0 || nameBytes > MAX_TENSOR_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name '" + name + "' is " + nameBytes
                    + " bytes of UTF-8; must be 1 to " + MAX_TENSOR_NAME_BYTES);
        }
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        Pending p = new Pending(name, type, dims.clone(), data, source);
        long size = new GgufTensorInfo(name, p.dims(), type, 0).byteSize();
        if (data != null && data.byteSize() != size) {
            throw new IllegalArgumentException("tensor '" + name + "' of " + type + " " + Arrays.toString(dims)
                    + " takes " + size + " bytes, but " + data.byteSize() + " were given");
        }
        tensors.put(name, p);
        return this;
    }

    /** The metadata as it will be written, in order; a snapshot. */
    public GgufMetadata metadata() {
        return new GgufMetadata("<GgufWriter>", new LinkedHashMap<>(metadata));
    }

    /** The tensor infos as they will be written: names, shapes, types and data offsets, in order. */
    public List<GgufTensorInfo> tensorInfos() {
        long alignment = currentAlignment();
        List<GgufTensorInfo> infos = new ArrayList<>(tensors.size());
        long offset = 0;
        for (Pending p : tensors.values()) {
            GgufTensorInfo info = new GgufTensorInfo(p.name(), p.dims(), p.type(), offset);
            infos.add(info);
            offset = Math.addExact(offset, GgufParser.alignUp(info.byteSize(), alignment));
        }
        return infos;
    }

    /**
     * Writes the file, replacing any existing one: the header, then each tensor in order, a
     * {@link TensorSource} streaming straight into the file.
     *
     * @throws IOException if the file cannot be written, or a source fails or writes other than its
     *                     tensor's byte size (the file is then incomplete)
     */
    public void write(Path path) throws IOException {
        Layout layout = layout();
        try (FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, ByteBuffer.wrap(layout.head()), 0);
            int i = 0;
            for (Pending p : tensors.values()) {
                long position = layout.dataOffset() + layout.offsets()[i];
                if (p.data() != null) {
                    writeSegment(out, p.data(), position);
                } else if (p.source() != null) {
                    out.position(position);
                    stream(p, new BoundedChannel(out, size(p)));
                }
                i++;
            }
            if (out.size() < layout.totalSize()) {
                writeFully(out, ByteBuffer.allocate(1), layout.totalSize() - 1);
            }
        }
    }

    /**
     * The file's bytes in memory.
     *
     * @throws IllegalStateException if the file would exceed the largest Java array
     * @throws UncheckedIOException  if a {@link TensorSource} fails or writes the wrong byte count
     */
    public byte[] toByteArray() {
        Layout layout = layout();
        if (layout.totalSize() > SegmentCursor.MAX_ARRAY_LENGTH) {
            throw new IllegalStateException("a " + layout.totalSize() + "-byte file does not fit in a byte[]; use write(Path)");
        }
        byte[] out = new byte[(int) layout.totalSize()];
        System.arraycopy(layout.head(), 0, out, 0, layout.head().length);
        MemorySegment target = MemorySegment.ofArray(out);
        int i = 0;
        for (Pending p : tensors.values()) {
            long position = layout.dataOffset() + layout.offsets()[i];
            if (p.data() != null) {
                MemorySegment.copy(p.data(), 0, target, position, p.data().byteSize());
            } else if (p.source() != null) {
                try {
                    stream(p, new BoundedChannel(new SegmentChannel(target.asSlice(position, size(p))), size(p)));
                } catch (IOException e) {
                    throw new UncheckedIOException("tensor '" + p.name() + "': its source failed", e);
                }
            }
            i++;
        }
        return out;
    }

    private static long size(Pending p) {
        return new GgufTensorInfo(p.name(), p.dims(), p.type(), 0).byteSize();
    }

    private static void stream(Pending p, BoundedChannel out) throws IOException {
        p.source().writeTo(out, out.limit);
        if (out.written != out.limit) {
            throw new IOException("tensor '" + p.name() + "': its source wrote " + out.written + " of "
                    + out.limit + " bytes");
        }
    }

    /**
     * The channel a {@link TensorSource} writes to: passes at most {@code limit} bytes on to
     * {@code target}, counting them, and fails on more.
     */
    private static final class BoundedChannel implements WritableByteChannel {
        private final WritableByteChannel target;
        private final long limit;
        private long written;

        BoundedChannel(WritableByteChannel target, long limit) {
            this.target = target;
            this.limit = limit;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (src.remaining() > limit - written) {
                throw new IOException("tensor source wrote past the tensor's " + limit + " bytes");
            }
            int n = 0;
            while (src.hasRemaining()) {
                n += target.write(src);
            }
            written += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return target.isOpen();
        }

        @Override
        public void close() {
            // the writer owns the underlying channel
        }
    }

    /** Sequential writes into a segment, for {@link #toByteArray}. */
    private static final class SegmentChannel implements WritableByteChannel {
        private final MemorySegment target;
        private long position;

        SegmentChannel(MemorySegment target) {
            this.target = target;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, target, position, n);
            src.position(src.limit());
            position += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private long currentAlignment() {
        return metadata.get(GgufFile.ALIGNMENT_KEY) instanceof IntValue(GgufType t, long a) ? a : GgufFile.DEFAULT_ALIGNMENT;
    }

    private Layout layout() {
        long alignment = currentAlignment();
        List<GgufTensorInfo> infos = tensorInfos();
        Encoder e = new Encoder();
        e.u32(GgufParser.MAGIC);
        e.u32(version);
        e.u64(infos.size());
        e.u64(metadata.size());
        metadata.forEach((key, value) -> {
            e.string(key);
            e.u32(value.type().id());
            value(e, value);
        });
        long[] offsets = new long[infos.size()];
        long dataSize = 0;
        for (int i = 0; i < offsets.length; i++) {
            GgufTensorInfo t = infos.get(i);
            e.string(t.name());
            e.u32(t.nDims());
            for (long d : t.dims()) {
                e.u64(d);
            }
            e.u32(t.type().id());
            e.u64(t.offset());
            offsets[i] = t.offset();
            dataSize = t.offset() + GgufParser.alignUp(t.byteSize(), alignment);
        }
        long dataOffset = GgufParser.alignUp(e.size(), alignment);
        if (infos.isEmpty()) {
            // like llama.cpp and gguf-py: a file without tensors ends right after its metadata
            return new Layout(e.toByteArray(), dataOffset, offsets, e.size());
        }
        e.zeros((int) (dataOffset - e.size()));
        return new Layout(e.toByteArray(), dataOffset, offsets, Math.addExact(dataOffset, dataSize));
    }

    private static void value(Encoder e, GgufValue value) {
        switch (value) {
            case IntValue(GgufType type, long v) -> e.fixed(type.fixedSize(), v);
            case FloatValue(GgufType type, double v) -> {
                if (type == GgufType.FLOAT32) {
                    e.u32(Float.floatToRawIntBits((float) v));
                } else {
                    e.u64(Double.doubleToRawLongBits(v));
                }
            }
            case BoolValue(boolean b) -> e.fixed(1, b ? 1 : 0);
            case StringValue(String s) -> e.string(s);
            case GgufArray array -> arrayBody(e, array);
        }
    }

    /** u32 element type, u64 count, elements: the encoding of an ARRAY value after its type tag. */
    private static void arrayBody(Encoder e, GgufArray array) {
        e.u32(array.elementType().id());
        e.u64(array.size());
        switch (array) {
            case ScalarArray a -> e.bytes(a.rawBytes());
            case StringArray(List<String> values) -> values.forEach(e::string);
            case NestedArray(List<GgufArray> values) -> values.forEach(inner -> arrayBody(e, inner));
        }
    }

    private static void writeSegment(FileChannel out, MemorySegment data, long position) throws IOException {
        long chunk = 1 << 24;
        for (long done = 0; done < data.byteSize(); done += chunk) {
            long n = Math.min(chunk, data.byteSize() - done);
            writeFully(out, data.asSlice(done, n).asByteBuffer(), position + done);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += out.write(buffer, position);
        }
    }

    /** A growable little-endian byte buffer for the header, metadata and tensor infos. */
    private static final class Encoder {
        private ByteBuffer buffer = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

        private void ensure(int n) {
            if (buffer.remaining() < n) {
                long needed = (long) buffer.position() + n;
                if (needed > SegmentCursor.MAX_ARRAY_LENGTH) {
                    throw new IllegalStateException("GGUF metadata and tensor infos exceed " + SegmentCursor.MAX_ARRAY_LENGTH + " bytes");
                }
                int capacity = (int) Math.min(SegmentCursor.MAX_ARRAY_LENGTH, Math.max(needed, 2L * buffer.capacity()));
                buffer = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN).put(buffer.flip());
            }
        }

        int size() {
            return buffer.position();
        }

        void fixed(int width, long v) {
            switch (width) {
                case 1 -> { ensure(1); buffer.put((byte) v); }
                case 2 -> { ensure(2); buffer.putShort((short) v); }
                case 4 -> u32((int) v);
                default -> u64(v);
            }
        }

        void u32(int v) {
            ensure(4);
            buffer.putInt(v);
        }

        void u64(long v) {
            ensure(8);
            buffer.putLong(v);
        }

        void bytes(byte[] b) {
            ensure(b.length);
            buffer.put(b);
        }

        void zeros(int n) {
            ensure(n);
            buffer.position(buffer.position() + n);
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u64(utf8.length);
            bytes(utf8);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }
}
