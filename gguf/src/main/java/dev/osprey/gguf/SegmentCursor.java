package dev.osprey.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A bounds-checked little-endian read position over a GGUF image. Every read first checks that its
 * bytes lie inside the segment, so a truncated or hostile file gives a {@link GgufFormatException}
 * naming the file and offset, never an {@link IndexOutOfBoundsException}. Counts and lengths are
 * checked against the bytes left before anything is allocated for them. Not thread-safe.
 */
final class SegmentCursor {

    /** Largest Java array this reader allocates (a little under {@code Integer.MAX_VALUE}, as the JDK's collections do). */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Strings up to this many bytes are decoded through one reused buffer. */
    private static final int MAX_SCRATCH = 1 << 16;

    private final Path path;
    private final MemorySegment segment;
    private final long size;
    private long position;
    private String context;
    private byte[] scratch = new byte[256];

    SegmentCursor(Path path, MemorySegment segment) {
        this.path = path;
        this.segment = segment;
        this.size = segment.byteSize();
    }

    long position() {
        return position;
    }

    long size() {
        return size;
    }

    long remaining() {
        return size - position;
    }

    /**
     * Names what is being read (e.g. "metadata key 'a.b'"), to prefix the detail of errors raised
     * until the next call; {@code null} for none.
     */
    void context(String context) {
        this.context = context;
    }

    /** A format error at {@code offset} in this file, within the current context. */
    GgufFormatException error(long offset, String detail) {
        return new GgufFormatException(path, offset, context == null ? detail : context + ": " + detail);
    }

    private void need(long n) throws GgufFormatException {
        if (n > size - position) {
            throw error(position, "file is truncated: " + n + " bytes needed, "
                    + (size - position) + " left before the end of the file (" + size + " bytes)");
        }
    }

    byte i8() throws GgufFormatException {
        need(1);
        return segment.get(ValueLayout.JAVA_BYTE, position++);
    }

    int u8() throws GgufFormatException {
        return i8() & 0xFF;
    }

    short i16() throws GgufFormatException {
        need(2);
        short v = segment.get(I16, position);
        position += 2;
        return v;
    }

    int u16() throws GgufFormatException {
        return i16() & 0xFFFF;
    }

    int i32() throws GgufFormatException {
        need(4);
        int v = segment.get(I32, position);
        position += 4;
        return v;
    }

    long u32() throws GgufFormatException {
        return i32() & 0xFFFF_FFFFL;
    }

    /** A 64-bit integer as raw bits (a u64 of 2^63 or more comes back negative). */
    long i64() throws GgufFormatException {
        need(8);
        long v = segment.get(I64, position);
        position += 8;
        return v;
    }

    float f32() throws GgufFormatException {
        need(4);
        float v = segment.get(F32, position);
        position += 4;
        return v;
    }

    double f64() throws GgufFormatException {
        need(8);
        double v = segment.get(F64, position);
        position += 8;
        return v;
    }

    /**
     * Reads a u64 count of items that each take at least {@code minItemBytes} bytes, and checks that
     * that many items fit in the bytes left and in a Java array.
     *
     * @param what names the count in messages, e.g. "array length"
     */
    int count(String what, int minItemBytes) throws GgufFormatException {
        long at = position;
        long n = i64();
        if (n < 0) {
            throw error(at, what + " " + Long.toUnsignedString(n) + " is beyond 2^63-1");
        }
        if (minItemBytes > 0 && n > remaining() / minItemBytes) {
            throw error(at, what + " " + n + " needs at least " + minItemBytes + " bytes per item but only "
                    + remaining() + " bytes are left in the file");
        }
        if (n > MAX_ARRAY_LENGTH) {
            throw error(at, what + " " + n + " exceeds this reader's limit of " + MAX_ARRAY_LENGTH);
        }
        return (int) n;
    }

    /** A GGUF string: u64 byte length, then that many bytes of UTF-8, decoded straight from the segment. */
    String string() throws GgufFormatException {
        return string(MAX_ARRAY_LENGTH, "this reader's limit");
    }

    /**
     * A GGUF string of at most {@code maxBytes} bytes.
     *
     * @param limitName names the limit in messages, e.g. "the GGUF limit for keys"
     */
    String string(int maxBytes, String limitName) throws GgufFormatException {
        long at = position;
        int n = stringLength(at, maxBytes, limitName);
        byte[] buffer = scratch;
        if (n > buffer.length) {
            buffer = new byte[n];
            if (n <= MAX_SCRATCH) {
                scratch = buffer;
            }
        }
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, position, buffer, 0, n);
        position += n;
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }

    /** Moves to {@code offset}, which must lie in {@code [0, size()]}. */
    void seek(long offset) {
        if (offset < 0 || offset > size) {
            throw new IllegalArgumentException("offset " + offset + " outside [0, " + size + "]");
        }
        position = offset;
    }

    /** Steps over {@code n} bytes, which must be there. */
    void skip(long n) throws GgufFormatException {
        need(n);
        position += n;
    }

    /** Steps over a GGUF string, checking its length as {@link #string()} does, without decoding it. */
    void skipString() throws GgufFormatException {
        int n = stringLength(position, MAX_ARRAY_LENGTH, "this reader's limit");
        position += n;
    }

    /** Reads a string's u64 length at {@code at} and checks it against the bytes left and {@code maxBytes}. */
    private int stringLength(long at, int maxBytes, String limitName) throws GgufFormatException {
        long len = i64();
        if (len < 0 || len > remaining()) {
            throw error(at, "string length " + Long.toUnsignedString(len) + " exceeds the "
                    + remaining() + " bytes left in the file");
        }
        if (len > maxBytes) {
            throw error(at, "string length " + len + " exceeds " + limitName + " of " + maxBytes + " bytes");
        }
        return (int) len;
    }

    /** The next {@code n} bytes, copied. The caller has bounded {@code n} by {@link #count}. */
    byte[] bytes(int n) throws GgufFormatException {
        need(n);
        byte[] out = new byte[n];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, position, out, 0, n);
        position += n;
        return out;
    }
}
