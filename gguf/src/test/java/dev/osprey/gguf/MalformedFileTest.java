package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built broken and hostile files: each must be refused with a {@link GgufFormatException} whose
 * message names the file and the exact byte offset of the problem. Offsets: magic 0, version 4,
 * tensor count 8, key-value count 16, first entry 24.
 */
class MalformedFileTest {

    @TempDir
    Path dir;

    /** Opens {@code bytes} as a file; asserts it is refused at {@code offset} with every fragment in the message. */
    private GgufFormatException assertRejected(byte[] bytes, long offset, String... fragments) throws IOException {
        Path path = dir.resolve("bad.gguf");
        Files.write(path, bytes);
        GgufFormatException e = catchThrowableOfType(GgufFormatException.class, () -> GgufFile.open(path).close());
        assertThat(e).as("expected a GgufFormatException").isNotNull();
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
        assertThat(e.getMessage()).startsWith(path + ": ").endsWith("(at byte offset " + offset + ")");
        for (String fragment : fragments) {
            assertThat(e.getMessage()).contains(fragment);
        }
        return e;
    }

    private void assertAccepted(byte[] bytes) throws IOException {
        Path path = dir.resolve("good.gguf");
        Files.write(path, bytes);
        GgufFile.open(path).close();
    }

    // ---- header

    @Test
    void emptyAndTinyFiles() throws IOException {
        assertRejected(new byte[0], 0, "not a GGUF file", "0 bytes");
        assertRejected(new byte[] {'G', 'G', 'U'}, 0, "not a GGUF file", "3 bytes");
        assertRejected(new byte[] {'G', 'G', 'U', 'F', 3, 0}, 4, "truncated", "4 bytes needed, 2 left");
    }

    @Test
    void wrongMagic() throws IOException {
        byte[] ggml = RawGguf.header(3, 0, 0).toBytes();
        ggml[2] = 'M';
        ggml[3] = 'L';
        assertRejected(ggml, 0, "not a GGUF file", "\"GGML\"");
        byte[] binary = RawGguf.header(3, 0, 0).toBytes();
        binary[0] = 0;
        assertRejected(binary, 0, "\"\\x00GUF\"");
    }

    @Test
    void unsupportedVersions() throws IOException {
        assertRejected(RawGguf.header(1, 0, 0).toBytes(), 4, "GGUF version 1 is not supported (only versions 2 and 3 are)");
        assertRejected(RawGguf.header(0, 0, 0).toBytes(), 4, "GGUF version 0 is not supported");
        assertRejected(RawGguf.header(4, 0, 0).toBytes(), 4, "GGUF version 4 is not supported");
        assertRejected(RawGguf.header(0xFFFF_FFFFL, 0, 0).toBytes(), 4, "GGUF version 4294967295 is not supported");
        assertRejected(RawGguf.header(0x0300_0000L, 0, 0).toBytes(), 4, "big-endian", "version 3");
    }

    @Test
    void hugeCounts() throws IOException {
        assertRejected(RawGguf.header(3, -1L, 0).toBytes(), 8, "tensor count 18446744073709551615", "beyond 2^63-1");
        assertRejected(RawGguf.header(3, 1L << 40, 0).toBytes(), 8, "tensor count 1099511627776", "bytes are left");
        assertRejected(RawGguf.header(3, 0, Long.MAX_VALUE).toBytes(), 16, "metadata key-value count");
        assertRejected(RawGguf.header(3, 0, 1).toBytes(), 16, "metadata key-value count 1", "0 bytes are left");
    }

    @Test
    void tensorCountBeyondWhatIsLeftAfterMetadata() throws IOException {
        RawGguf f = RawGguf.header(3, 2, 1).kvUInt32("a.b", 7).zeros(30);
        assertRejected(f.toBytes(), 8, "tensor count 2", "30 bytes are left after the metadata");
    }

    // ---- metadata

    @Test
    void keyStrings() throws IOException {
        assertRejected(RawGguf.header(3, 0, 1).u64(Long.MAX_VALUE).zeros(8).toBytes(), 24,
                "metadata key #0", "string length 9223372036854775807 exceeds the 8 bytes left");
        assertRejected(RawGguf.header(3, 0, 1).u64(-8).zeros(8).toBytes(), 24, "string length 18446744073709551608");
        assertRejected(RawGguf.header(3, 0, 1).u64(100).zeros(20).toBytes(), 24, "string length 100 exceeds the 20 bytes left");
        assertRejected(RawGguf.header(3, 0, 1).str("").u32(4).u32(0).toBytes(), 24, "metadata key #0: key is empty");
        assertRejected(RawGguf.header(3, 0, 1).str("k".repeat(65_536)).u32(4).u32(0).toBytes(), 24,
                "metadata key #0: string length 65536 exceeds the GGUF limit for keys of 65535 bytes");
        assertAccepted(RawGguf.header(3, 0, 1).str("k".repeat(65_535)).u32(4).u32(0).toBytes());
        assertRejected(RawGguf.header(3, 0, 2).kvUInt32("a", 1).kvUInt32("a", 2).toBytes(), 41, "duplicate metadata key 'a'");
    }

    @Test
    void unknownValueTypes() throws IOException {
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(13).zeros(8).toBytes(), 33,
                "metadata key 'a'", "unknown value type 13 (GGUF value types are 0..12)");
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(-1).zeros(8).toBytes(), 33, "unknown value type 4294967295");
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(9).u32(99).u64(0).toBytes(), 37,
                "metadata key 'a'", "unknown array element type 99");
    }

    @Test
    void truncatedValues() throws IOException {
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(GgufType.UINT64.id()).zeros(5).toBytes(), 37,
                "metadata key 'a'", "truncated", "8 bytes needed, 5 left");
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(GgufType.STRING.id()).u64(6).zeros(5).toBytes(), 37,
                "string length 6 exceeds the 5 bytes left");
    }

    @Test
    void hugeArrayLengths() throws IOException {
        // element type UINT32 at 37, length at 41
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(9).u32(4).u64(1L << 62).zeros(16).toBytes(), 41,
                "metadata key 'a'", "array length 4611686018427387904", "4 bytes per item", "16 bytes are left");
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(9).u32(4).u64(-1).toBytes(), 41, "beyond 2^63-1");
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(9).u32(8).u64(3).u64(0).u64(0).toBytes(), 41,
                "array length 3 needs at least 8 bytes per item but only 16");
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(9).u32(9).u64(2).zeros(12).toBytes(), 41,
                "array length 2 needs at least 12 bytes per item");
        // each string element's own length is checked too: element 1 claims more than is left
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(9).u32(8).u64(2).str("x").u64(1000).zeros(8).toBytes(), 58,
                "metadata key 'a'", "string length 1000 exceeds the 8 bytes left");
    }

    @Test
    void boolsMustBeZeroOrOne() throws IOException {
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(7).u8(2).toBytes(), 37, "BOOL value is 2, expected 0 or 1");
        assertRejected(RawGguf.header(3, 0, 1).str("a").u32(9).u32(7).u64(3).u8(1).u8(0).u8(-1).toBytes(), 51,
                "BOOL array element 2 is -1");
    }

    @Test
    void nestingDepthIsBounded() throws IOException {
        assertAccepted(nested(GgufParser.MAX_NESTING));
        // the array body at depth 33 starts after 32 bodies of 12 bytes, from 37
        assertRejected(nested(GgufParser.MAX_NESTING + 1), 37 + 12 * 32, "nested more than 32 deep");
        assertRejected(nested(100_000), 37 + 12 * 32, "nested more than 32 deep");
    }

    /** A key whose value is {@code depth} arrays nested in each other, the innermost an empty UINT32 array. */
    private static byte[] nested(int depth) {
        RawGguf f = RawGguf.header(3, 0, 1).str("a").u32(GgufType.ARRAY.id());
        for (int d = 1; d < depth; d++) {
            f.u32(GgufType.ARRAY.id()).u64(1);
        }
        return f.u32(GgufType.UINT32.id()).u64(0).toBytes();
    }

    @Test
    void alignmentMustBeAUInt32PowerOfTwo() throws IOException {
        // "general.alignment" is 17 bytes: the value type sits at 24 + 8 + 17 = 49
        assertRejected(RawGguf.header(3, 0, 1).str("general.alignment").u32(10).u64(32).toBytes(), 49,
                "general.alignment must be a UINT32", "UINT64:32");
        assertRejected(RawGguf.header(3, 0, 1).kvUInt32("general.alignment", 0).toBytes(), 49, "is 0, expected a power of two");
        assertRejected(RawGguf.header(3, 0, 1).kvUInt32("general.alignment", 48).toBytes(), 49, "is 48, expected a power of two");
        assertRejected(RawGguf.header(3, 0, 1).kvUInt32("general.alignment", 1L << 31).toBytes(), 49, "is 2147483648");
        assertAccepted(RawGguf.header(3, 0, 1).kvUInt32("general.alignment", 1L << 30).toBytes());
    }

    // ---- tensor infos: name at 24 (1 byte: 24..33), n_dims at 33, dims from 37, then type and offset

    @Test
    void tensorNamesUpTo64Bytes() throws IOException {
        assertAccepted(RawGguf.header(3, 1, 0).tensor("n".repeat(64), GgmlType.F32, 0, 1).pad(32).zeros(32).toBytes());
        assertRejected(RawGguf.header(3, 1, 0).tensor("n".repeat(65), GgmlType.F32, 0, 1).pad(32).zeros(32).toBytes(), 24,
                "tensor info #0: string length 65 exceeds the GGUF limit for tensor names of 64 bytes");
    }

    @Test
    void unknownGgmlTypes() throws IOException {
        for (long id : new long[] {4, 5, 31, 32, 33, 36, 37, 38, 40, 1000, 0xFFFF_FFFFL}) {
            byte[] f = RawGguf.header(3, 1, 0).str("t").u32(1).u64(32).u32(id).u64(0).pad(32).zeros(128).toBytes();
            assertRejected(f, 45, "tensor info #0", "tensor 't' has unknown ggml type id " + id);
        }
    }

    @Test
    void badShapes() throws IOException {
        assertRejected(RawGguf.header(3, 1, 0).str("t").u32(5).zeros(100).toBytes(), 33, "tensor 't' has 5 dimensions (at most 4)");
        assertRejected(RawGguf.header(3, 1, 0).str("t").u32(0xFFFF_FFFFL).zeros(100).toBytes(), 33, "4294967295 dimensions");
        assertRejected(RawGguf.header(3, 1, 0).tensor("t", GgmlType.F32, 0, 4, -1).zeros(64).toBytes(), 33,
                "dimension 1 is 18446744073709551615");
        assertRejected(RawGguf.header(3, 1, 0).tensor("t", GgmlType.I8, 0, 1L << 32, 1L << 32).zeros(64).toBytes(), 33,
                "more than 2^63-1 elements");
        assertRejected(RawGguf.header(3, 1, 0).tensor("t", GgmlType.F32, 0, 1L << 62).zeros(64).toBytes(), 33,
                "more than 2^63-1 bytes");
        assertRejected(RawGguf.header(3, 1, 0).tensor("t", GgmlType.Q4_0, 0, 16, 2).zeros(64).toBytes(), 33,
                "row length 16 is not a multiple of the Q4_0 block size 32");
        assertRejected(RawGguf.header(3, 1, 0).tensor("t", GgmlType.Q4_K, 0, 128).zeros(64).toBytes(), 33,
                "row length 128 is not a multiple of the Q4_K block size 256");
        assertRejected(RawGguf.header(3, 1, 0).str("t").u32(2).u64(4).zeros(3).toBytes(), 45, "truncated");
    }

    @Test
    void tensorOffsets() throws IOException {
        // one 1-D tensor named "t": the offset field sits at 24 + 9 + 4 + 8 + 4 = 49, infos end at 57, data at 64
        assertRejected(RawGguf.header(3, 1, 0).tensor("t", GgmlType.F32, 4, 4).pad(32).zeros(64).toBytes(), 49,
                "data offset 4, not a multiple of the alignment 32");
        assertRejected(RawGguf.header(3, 1, 0).tensor("t", GgmlType.F32, -32, 4).pad(32).zeros(64).toBytes(), 49,
                "data offset 18446744073709551584, beyond 2^63-1");
        assertRejected(RawGguf.header(3, 1, 0).tensor("t", GgmlType.F32, 1L << 40, 4).pad(32).zeros(64).toBytes(), 49,
                "tensor 't' data [1099511627840, 1099511627856) lies beyond the end of the file (128 bytes)");
        assertRejected(RawGguf.header(3, 1, 0).tensor("t", GgmlType.F32, 0, 16).pad(32).zeros(32).toBytes(), 49,
                "tensor 't' data [64, 128) lies beyond the end of the file (96 bytes)");
        assertAccepted(RawGguf.header(3, 1, 0).tensor("t", GgmlType.F32, 0, 16).pad(32).zeros(64).toBytes());
    }

    @Test
    void dataSectionPastTheEnd() throws IOException {
        assertRejected(RawGguf.header(3, 1, 0).tensor("t", GgmlType.F32, 0, 0).toBytes(), 57,
                "the data section would start at 64", "tensor infos end at 57", "file is only 57 bytes");
        // without tensors there is no data section to reach: a vocabulary-only file may end right after its metadata
        assertAccepted(RawGguf.header(3, 0, 1).kvUInt32("a", 1).toBytes());
    }

    @Test
    void overlappingAndDuplicateTensors() throws IOException {
        // second info starts at 57; its offset field at 57 + 9 + 4 + 8 + 4 = 82
        byte[] overlap = RawGguf.header(3, 2, 0).tensor("a", GgmlType.F32, 0, 16).tensor("b", GgmlType.F32, 32, 16)
                .pad(32).zeros(256).toBytes();
        assertRejected(overlap, 82, "tensor 'b' data [128, 192) overlaps tensor 'a' [96, 160)");
        byte[] reversed = RawGguf.header(3, 2, 0).tensor("a", GgmlType.F32, 32, 16).tensor("b", GgmlType.F32, 0, 16)
                .pad(32).zeros(256).toBytes();
        assertRejected(reversed, 49, "tensor 'a' data [128, 192) overlaps tensor 'b' [96, 160)");
        byte[] duplicate = RawGguf.header(3, 2, 0).tensor("a", GgmlType.F32, 0, 8).tensor("a", GgmlType.F32, 32, 8)
                .pad(32).zeros(256).toBytes();
        assertRejected(duplicate, 57, "tensor info #1: duplicate tensor name 'a'");
    }

    @Test
    void gapsAndEmptyTensorsAreAllowed() throws IOException {
        // llama.cpp packs tensors back to back; the format only asks for aligned, in-file, disjoint ranges
        assertAccepted(RawGguf.header(3, 3, 0)
                .tensor("a", GgmlType.F32, 64, 8)
                .tensor("b", GgmlType.F32, 0, 8)
                .tensor("empty", GgmlType.F32, 64, 0)
                .pad(32).zeros(128).toBytes());
    }

    /**
     * Strings and arrays are only materialized once the whole layout checks out: a file whose
     * metadata declares (and holds) a 64 MiB array but whose tensor infos are broken is refused
     * without allocating anything like 64 MiB.
     */
    @Test
    void bigMetadataIsNotCopiedBeforeTheLayoutIsValid() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled(), "needs per-thread allocation counters");
        com.sun.management.ThreadMXBean counters = (com.sun.management.ThreadMXBean) threads;
        int big = 64 << 20;
        byte[] image = RawGguf.header(3, 1, 2)
                .str("a").u32(GgufType.ARRAY.id()).u32(GgufType.UINT8.id()).u64(big).zeros(big)
                .str("b").u32(GgufType.ARRAY.id()).u32(GgufType.STRING.id()).u64(1).str("x".repeat(1 << 20))
                .tensor("t", GgmlType.F32, 0, 1L << 40)
                .pad(32)
                .toBytes();
        java.lang.foreign.MemorySegment segment = java.lang.foreign.MemorySegment.ofArray(image);
        long before = counters.getCurrentThreadAllocatedBytes();
        GgufFormatException e = catchThrowableOfType(GgufFormatException.class,
                () -> GgufParser.parse(Path.of("big-metadata"), segment));
        long allocated = counters.getCurrentThreadAllocatedBytes() - before;
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("tensor 't' data", "lies beyond the end of the file");
        assertThat(allocated).as("bytes allocated while refusing the file").isLessThan(1 << 20);
    }
}
