package dev.osprey.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test helper: hand-assembles GGUF bytes, little-endian, to build files the writer refuses to make. */
final class RawGguf {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Magic, version, tensor count and key-value count. */
    static RawGguf header(long version, long tensorCount, long kvCount) {
        return new RawGguf().bytes("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(version).u64(tensorCount).u64(kvCount);
    }

    RawGguf u8(int v) {
        out.write(v);
        return this;
    }

    RawGguf u32(long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    RawGguf u64(long v) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    RawGguf str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u64(b.length).bytes(b);
    }

    RawGguf bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** A metadata entry {@code key: UINT32 value}. */
    RawGguf kvUInt32(String key, long value) {
        return str(key).u32(GgufType.UINT32.id()).u32(value);
    }

    /** A tensor info. */
    RawGguf tensor(String name, GgmlType type, long offset, long... dims) {
        str(name).u32(dims.length);
        for (long d : dims) {
            u64(d);
        }
        return u32(type.id()).u64(offset);
    }

    /** Zero bytes up to the next multiple of {@code alignment}. */
    RawGguf pad(int alignment) {
        while (out.size() % alignment != 0) {
            out.write(0);
        }
        return this;
    }

    RawGguf zeros(int n) {
        out.writeBytes(new byte[n]);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
