package dev.osprey.gguf;

import dev.osprey.gguf.GgufArray.NestedArray;
import dev.osprey.gguf.GgufArray.ScalarArray;
import dev.osprey.gguf.GgufArray.StringArray;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates the header, metadata and tensor infos of a GGUF v2/v3 image held in a
 * {@link MemorySegment} (a mapped file, or a heap segment in tests). Layout, all little-endian:
 *
 * <pre>
 * u32 magic "GGUF" | u32 version | u64 tensor_count | u64 kv_count
 * kv_count  x { string key | u32 value_type | value }
 * tensor_count x { string name | u32 n_dims | u64 ne[n_dims] | u32 ggml_type | u64 offset }
 * padding to general.alignment | data section (tensor offsets are relative to its start)
 * </pre>
 *
 * Allocation is bounded by the bytes actually present: every count is checked against the bytes
 * left (each item takes at least its minimal encoded size), collections are not presized from
 * declared counts beyond {@link #PRESIZE_LIMIT}, and strings and arrays are only materialized in a
 * second pass over the metadata, after the first pass has validated the whole layout. Tensor data is
 * not read, only range-checked.
 */
final class GgufParser {

    /** "GGUF" read as a little-endian u32. */
    static final int MAGIC = 0x46554747;
    /** Deepest array-of-array nesting accepted; bounds recursion on hostile input. */
    static final int MAX_NESTING = 32;
    /** Smallest metadata entry: a 1-byte key (8 + 1), its type (4) and a 1-byte value. */
    private static final int MIN_KV_BYTES = 13;
    /** Smallest tensor info: empty name (8), n_dims (4), type (4), offset (8). */
    private static final int MIN_TENSOR_INFO_BYTES = 24;
    private static final int PRESIZE_LIMIT = 1024;
    /** The GGUF specification's limits: keys are at most 2^16-1 bytes, tensor names at most 64. */
    static final int MAX_KEY_BYTES = 65_535;
    static final int MAX_TENSOR_NAME_BYTES = 64;

    /** What {@link #parse} found; {@code dataOffset} is absolute, tensor offsets relative to it. */
    record Parsed(int version, int alignment, long dataOffset, GgufMetadata metadata, List<GgufTensorInfo> tensors) {
    }

    private final Path path;
    private final SegmentCursor in;
    /** Offset of the value type of {@code general.alignment}, once seen. */
    private long alignmentAt = -1;

    private GgufParser(Path path, MemorySegment image) {
        this.path = path;
        this.in = new SegmentCursor(path, image);
    }

    /**
     * Parses {@code image} (the whole file) and checks every tensor's byte range lies inside it.
     *
     * @param path names the file in error messages
     */
    static Parsed parse(Path path, MemorySegment image) throws GgufFormatException {
        return new GgufParser(path, image).parse();
    }

    private Parsed parse() throws GgufFormatException {
        if (in.size() < 4) {
            throw in.error(0, "not a GGUF file: only " + in.size() + " bytes long");
        }
        int magic = in.i32();
        if (magic != MAGIC) {
            throw in.error(0, "not a GGUF file: starts with " + describeMagic(magic) + ", expected \"GGUF\"");
        }
        int version = readVersion();
        long tensorCountAt = in.position();
        int tensorCount = in.count("tensor count", MIN_TENSOR_INFO_BYTES);
        int kvCount = in.count("metadata key-value count", MIN_KV_BYTES);

        // Pass 1 walks the metadata keeping only keys and scalars, so nothing sized by a declared count
        // is allocated before the whole layout (metadata, tensor infos, data ranges) has checked out.
        long metadataAt = in.position();
        int alignment = alignment(metadata(kvCount, false));
        if (tensorCount > in.remaining() / MIN_TENSOR_INFO_BYTES) {
            throw in.error(tensorCountAt, "tensor count " + tensorCount + " needs at least "
                    + MIN_TENSOR_INFO_BYTES + " bytes per tensor info but only " + in.remaining()
                    + " bytes are left after the metadata");
        }
        List<GgufTensorInfo> tensors = new ArrayList<>(Math.min(tensorCount, PRESIZE_LIMIT));
        long[] offsetFieldAt = new long[Math.min(tensorCount, PRESIZE_LIMIT)];
        Map<String, GgufTensorInfo> byName = HashMap.newHashMap(Math.min(tensorCount, PRESIZE_LIMIT));
        for (int i = 0; i < tensorCount; i++) {
            long at = in.position();
            in.context("tensor info #" + i);
            GgufTensorInfo info = tensorInfo(alignment);
            if (byName.putIfAbsent(info.name(), info) != null) {
                throw in.error(at, "duplicate tensor name '" + info.name() + "'");
            }
            if (i == offsetFieldAt.length) {
                offsetFieldAt = Arrays.copyOf(offsetFieldAt, (int) Math.min(tensorCount, 2L * i));
            }
            offsetFieldAt[i] = in.position() - 8;
            tensors.add(info);
        }
        in.context(null);

        long infosEnd = in.position();
        long dataOffset = alignUp(infosEnd, alignment);
        if (tensorCount > 0 && dataOffset > in.size()) {
            throw in.error(infosEnd, "the data section would start at " + dataOffset + " (tensor infos end at "
                    + infosEnd + ", padded to alignment " + alignment + ") but the file is only " + in.size() + " bytes");
        }
        checkRanges(tensors, offsetFieldAt, dataOffset);

        in.seek(metadataAt);
        GgufMetadata metadata = new GgufMetadata(path.toString(), metadata(kvCount, true));
        return new Parsed(version, alignment, dataOffset, metadata, Collections.unmodifiableList(tensors));
    }

    /**
     * Reads {@code kvCount} entries from the current position. Without {@code keep}, strings and
     * arrays are checked and stepped over, and map to {@code null}.
     */
    private LinkedHashMap<String, GgufValue> metadata(int kvCount, boolean keep) throws GgufFormatException {
        LinkedHashMap<String, GgufValue> entries = LinkedHashMap.newLinkedHashMap(Math.min(kvCount, PRESIZE_LIMIT));
        for (int i = 0; i < kvCount; i++) {
            long at = in.position();
            in.context("metadata key #" + i);
            String key = in.string(MAX_KEY_BYTES, "the GGUF limit for keys");
            if (key.isEmpty()) {
                throw in.error(at, "key is empty");
            }
            if (entries.containsKey(key)) {
                throw in.error(at, "duplicate metadata key '" + key + "'");
            }
            in.context("metadata key '" + key + "'");
            long typeAt = in.position();
            GgufType type = typeOf(in.u32(), typeAt, "value type");
            if (key.equals(GgufFile.ALIGNMENT_KEY)) {
                alignmentAt = typeAt;
            }
            entries.put(key, value(type, 0, keep));
        }
        in.context(null);
        return entries;
    }

    private int readVersion() throws GgufFormatException {
        long at = in.position();
        long version = in.u32();
        if (version == 2 || version == 3) {
            return (int) version;
        }
        if (version == 1) {
            throw in.error(at, "GGUF version 1 is not supported (only versions 2 and 3 are); "
                    + "this legacy file must be re-converted with a current llama.cpp");
        }
        int swapped = Integer.reverseBytes((int) version);
        if (swapped >= 1 && swapped <= 3) {
            throw in.error(at, "GGUF version field reads 0x" + Long.toHexString(version) + ": this looks like a "
                    + "big-endian GGUF (version " + swapped + "); only little-endian files are supported");
        }
        throw in.error(at, "GGUF version " + version + " is not supported (only versions 2 and 3 are)");
    }

    private GgufType typeOf(long id, long at, String what) throws GgufFormatException {
        return GgufType.fromId(id).orElseThrow(() -> in.error(at, "unknown " + what + " " + id
                + " (GGUF value types are 0..12)"));
    }

    /**
     * One value of {@code type}; {@code depth} counts enclosing arrays. Without {@code keep}, a
     * STRING or ARRAY is checked and stepped over and {@code null} is returned.
     */
    private GgufValue value(GgufType type, int depth, boolean keep) throws GgufFormatException {
        long at = in.position();
        return switch (type) {
            case UINT8 -> new GgufValue.IntValue(type, in.u8());
            case INT8 -> new GgufValue.IntValue(type, in.i8());
            case UINT16 -> new GgufValue.IntValue(type, in.u16());
            case INT16 -> new GgufValue.IntValue(type, in.i16());
            case UINT32 -> new GgufValue.IntValue(type, in.u32());
            case INT32 -> new GgufValue.IntValue(type, in.i32());
            case UINT64, INT64 -> new GgufValue.IntValue(type, in.i64());
            case FLOAT32 -> new GgufValue.FloatValue(type, in.f32());
            case FLOAT64 -> new GgufValue.FloatValue(type, in.f64());
            case BOOL -> {
                byte b = in.i8();
                if (b != 0 && b != 1) {
                    throw in.error(at, "BOOL value is " + b + ", expected 0 or 1");
                }
                yield new GgufValue.BoolValue(b == 1);
            }
            case STRING -> {
                if (!keep) {
                    in.skipString();
                    yield null;
                }
                yield new GgufValue.StringValue(in.string());
            }
            case ARRAY -> array(depth + 1, keep);
        };
    }

    /**
     * An array body: u32 element type, u64 count, elements. {@code depth} is 1 for a top-level array.
     * Without {@code keep}, the elements are checked and stepped over and {@code null} is returned.
     */
    private GgufArray array(int depth, boolean keep) throws GgufFormatException {
        long at = in.position();
        if (depth > MAX_NESTING) {
            throw in.error(at, "arrays nested more than " + MAX_NESTING + " deep");
        }
        GgufType elementType = typeOf(in.u32(), at, "array element type");
        int n = in.count("array length", elementType.minEncodedSize());
        if (elementType.isScalar()) {
            long bytes = (long) n * elementType.fixedSize();
            if (bytes > SegmentCursor.MAX_ARRAY_LENGTH) {
                throw in.error(at, "array of " + n + " " + elementType + " exceeds this reader's limit of "
                        + SegmentCursor.MAX_ARRAY_LENGTH + " bytes");
            }
            long dataAt = in.position();
            if (elementType == GgufType.BOOL) {
                for (int i = 0; i < n; i++) {
                    byte b = in.i8();
                    if (b != 0 && b != 1) {
                        throw in.error(dataAt + i, "BOOL array element " + i + " is " + b + ", expected 0 or 1");
                    }
                }
                in.seek(dataAt);
            }
            if (!keep) {
                in.skip(bytes);
                return null;
            }
            return ScalarArray.wrap(elementType, in.bytes((int) bytes));
        }
        if (elementType == GgufType.STRING) {
            if (!keep) {
                for (int i = 0; i < n; i++) {
                    in.skipString();
                }
                return null;
            }
            String[] strings = new String[Math.min(n, PRESIZE_LIMIT)];
            for (int i = 0; i < n; i++) {
                if (i == strings.length) {
                    strings = Arrays.copyOf(strings, (int) Math.min(n, 2L * strings.length));
                }
                strings[i] = in.string();
            }
            return new StringArray(List.of(strings));
        }
        List<GgufArray> arrays = keep ? new ArrayList<>(Math.min(n, PRESIZE_LIMIT)) : null;
        for (int i = 0; i < n; i++) {
            GgufArray inner = array(depth + 1, keep);
            if (keep) {
                arrays.add(inner);
            }
        }
        return keep ? new NestedArray(arrays) : null;
    }

    /** {@code general.alignment} from the first pass's entries, or the default. */
    private int alignment(Map<String, GgufValue> entries) throws GgufFormatException {
        if (!entries.containsKey(GgufFile.ALIGNMENT_KEY)) {
            return GgufFile.DEFAULT_ALIGNMENT;
        }
        GgufValue v = entries.get(GgufFile.ALIGNMENT_KEY);
        if (!(v instanceof GgufValue.IntValue(GgufType type, long a)) || type != GgufType.UINT32) {
            throw in.error(alignmentAt, GgufFile.ALIGNMENT_KEY + " must be a UINT32, is "
                    + (v == null ? "a STRING or ARRAY" : v));
        }
        if (a == 0 || Long.bitCount(a) != 1 || a > 1L << 30) {
            throw in.error(alignmentAt, GgufFile.ALIGNMENT_KEY + " is " + a + ", expected a power of two up to 2^30");
        }
        return (int) a;
    }

    private GgufTensorInfo tensorInfo(int alignment) throws GgufFormatException {
        String name = in.string(MAX_TENSOR_NAME_BYTES, "the GGUF limit for tensor names");
        long nDimsAt = in.position();
        long nDims = in.u32();
        if (nDims > GgufTensorInfo.MAX_DIMS) {
            throw in.error(nDimsAt, "tensor '" + name + "' has " + nDims + " dimensions (at most "
                    + GgufTensorInfo.MAX_DIMS + ")");
        }
        long[] dims = new long[(int) nDims];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = in.i64();
        }
        long typeAt = in.position();
        long typeId = in.u32();
        GgmlType type = GgmlType.fromId(typeId).orElseThrow(() -> in.error(typeAt,
                "tensor '" + name + "' has unknown ggml type id " + typeId));
        String problem = GgufTensorInfo.shapeProblem(dims, type);
        if (problem != null) {
            throw in.error(nDimsAt, "tensor '" + name + "': " + problem);
        }
        long offsetAt = in.position();
        long offset = in.i64();
        if (offset < 0) {
            throw in.error(offsetAt, "tensor '" + name + "' has data offset " + Long.toUnsignedString(offset)
                    + ", beyond 2^63-1");
        }
        if (offset % alignment != 0) {
            throw in.error(offsetAt, "tensor '" + name + "' has data offset " + offset
                    + ", not a multiple of the alignment " + alignment);
        }
        return new GgufTensorInfo(name, dims, type, offset);
    }

    /** Every tensor's data lies inside the file and no two tensors' data overlap. */
    private void checkRanges(List<GgufTensorInfo> tensors, long[] offsetFieldAt, long dataOffset)
            throws GgufFormatException {
        long dataSize = in.size() - dataOffset;
        Integer[] order = new Integer[tensors.size()];
        for (int i = 0; i < order.length; i++) {
            GgufTensorInfo t = tensors.get(i);
            if (t.offset() > dataSize || t.byteSize() > dataSize - t.offset()) {
                throw in.error(offsetFieldAt[i], "tensor '" + t.name() + "' data [" + describeRange(dataOffset, t)
                        + ") lies beyond the end of the file (" + in.size() + " bytes)");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(tensors.get(a).offset(), tensors.get(b).offset()));
        GgufTensorInfo previous = null;
        for (int i : order) {
            GgufTensorInfo t = tensors.get(i);
            if (t.byteSize() == 0) {
                continue;
            }
            if (previous != null && t.offset() < previous.offset() + previous.byteSize()) {
                throw in.error(offsetFieldAt[i], "tensor '" + t.name() + "' data [" + describeRange(dataOffset, t)
                        + ") overlaps tensor '" + previous.name() + "' [" + describeRange(dataOffset, previous) + ")");
            }
            previous = t;
        }
    }

    private static String describeRange(long dataOffset, GgufTensorInfo t) {
        return Long.toUnsignedString(dataOffset + t.offset()) + ", "
                + Long.toUnsignedString(dataOffset + t.offset() + t.byteSize());
    }

    static long alignUp(long offset, long alignment) {
        return (offset + alignment - 1) & -alignment;
    }

    private static String describeMagic(int magic) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < 4; i++) {
            int b = (magic >>> (8 * i)) & 0xFF;
            s.append(b >= 0x20 && b < 0x7F ? Character.toString(b) : String.format("\\x%02x", b));
        }
        return s.append('"').toString();
    }
}
