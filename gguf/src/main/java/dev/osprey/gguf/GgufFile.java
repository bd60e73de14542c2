package dev.osprey.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open GGUF v2 or v3 file, memory-mapped read-only with the FFM API (files beyond 2 GB work).
 * {@link #open} reads and validates the header, all metadata and all tensor infos; tensor data is
 * never copied: {@link #tensorData} returns read-only views into the mapping.
 *
 * <p>Thread-safe once open. {@link #close()} unmaps the file; tensor views obtained earlier then
 * throw {@link IllegalStateException} on access, while {@link #metadata()} and {@link #tensors()}
 * stay usable. The file must not be truncated while open (as with any mapping).
 */
public final class GgufFile implements AutoCloseable {

    /** The metadata key giving the alignment of the data section and of every tensor offset. */
    public static final String ALIGNMENT_KEY = "general.alignment";
    /** Alignment when {@link #ALIGNMENT_KEY} is absent. */
    public static final int DEFAULT_ALIGNMENT = 32;

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapping;
    private final GgufParser.Parsed parsed;
    private final Map<String, GgufTensorInfo> byName;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GgufFile(Path path, Arena arena, MemorySegment mapping, GgufParser.Parsed parsed) {
        this.path = path;
        this.arena = arena;
        this.mapping = mapping;
        this.parsed = parsed;
        this.byName = HashMap.newHashMap(parsed.tensors().size());
        for (GgufTensorInfo t : parsed.tensors()) {
            byName.put(t.name(), t);
        }
    }

    /**
     * Maps and parses {@code path}.
     *
     * @throws GgufFormatException if the file is not a valid GGUF v2/v3 file: wrong magic, another
     *                             version (v1 included), truncated, an unknown value or tensor type,
     *                             an invalid alignment, or tensor data misaligned, overlapping or past
     *                             the end of the file; the message names the path and byte offset
     * @throws IOException         if the file cannot be opened or mapped
     */
    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (!Files.isRegularFile(path)) {
                throw new IOException(path + " is not a regular file");
            }
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new GgufFile(path, arena, mapping, GgufParser.parse(path, mapping));
        } catch (Throwable t) {
            arena.close();
            throw t;
        }
    }

    public Path path() {
        return path;
    }

    /** 2 or 3. */
    public int version() {
        return parsed.version();
    }

    /** {@code general.alignment}, or {@link #DEFAULT_ALIGNMENT}; a power of two. */
    public int alignment() {
        return parsed.alignment();
    }

    /**
     * Absolute file offset of the data section: the end of the tensor infos rounded up to
     * {@link #alignment()}. For a file without tensors this may equal or exceed {@link #fileSize()}.
     */
    public long dataOffset() {
        return parsed.dataOffset();
    }

    public long fileSize() {
        return mapping.byteSize();
    }

    public GgufMetadata metadata() {
        return parsed.metadata();
    }

    /** Tensor infos in file order; unmodifiable. */
    public List<GgufTensorInfo> tensors() {
        return parsed.tensors();
    }

    public Optional<GgufTensorInfo> tensor(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * The tensor's bytes as a read-only view of the mapping: {@code info.byteSize()} bytes at absolute
     * offset {@code dataOffset() + info.offset()}, in ggml layout ({@code ne0} contiguous).
     *
     * @throws IllegalArgumentException if {@code info} is not one of this file's {@link #tensors()}
     * @throws IllegalStateException    if this file is closed
     */
    public MemorySegment tensorData(GgufTensorInfo info) {
        GgufTensorInfo own = byName.get(info.name());
        if (own == null || !own.equals(info)) {
            throw new IllegalArgumentException("tensor " + info + " is not in " + path);
        }
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException(path + " is closed");
        }
        return mapping.asSlice(dataOffset() + info.offset(), info.byteSize()).asReadOnly();
    }

    /** Unmaps the file. Idempotent; safe to call from any thread. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version() + ", " + metadata().size() + " keys, "
                + tensors().size() + " tensors, data at " + dataOffset() + "]";
    }
}
