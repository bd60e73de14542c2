package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** write, then read: equal metadata, tensor infos and tensor bytes. */
class GgufRoundTripTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "v{0}, alignment {1}")
    @CsvSource({"2, 32", "3, 32", "2, 1", "3, 8", "3, 64", "2, 4096"})
    void everyValueTypeAndTensorSurvives(int version, int alignment) throws IOException {
        GgufWriter w = Fixtures.everything(version, alignment, 42);
        Path path = dir.resolve("all.gguf");
        w.write(path);
        assertThat(Files.readAllBytes(path)).isEqualTo(w.toByteArray());

        try (GgufFile f = GgufFile.open(path)) {
            assertThat(f.version()).isEqualTo(version);
            assertThat(f.alignment()).isEqualTo(alignment);
            assertThat(f.dataOffset() % alignment).isZero();
            assertThat(f.metadata()).isEqualTo(w.metadata());
            assertThat(f.metadata().keys()).containsExactlyElementsOf(w.metadata().keys());
            assertThat(f.tensors()).isEqualTo(w.tensorInfos());
            SplittableRandom random = new SplittableRandom(42);
            for (GgufTensorInfo t : f.tensors()) {
                assertThat(t.offset() % alignment).as(t.name()).isZero();
                byte[] written = t.byteSize() == 0 ? new byte[0] : Fixtures.randomBytes(random, (int) t.byteSize());
                assertThat(f.tensorData(t).toArray(ValueLayout.JAVA_BYTE)).as(t.name()).isEqualTo(written);
            }
            GgufTensorInfo last = f.tensors().getLast();
            assertThat(f.fileSize()).isEqualTo(f.dataOffset() + GgufParser.alignUp(last.offset() + last.byteSize(), alignment));

            GgufMetadata md = f.metadata();
            assertThat(md.getString("general.description")).isEqualTo("héllo ✓ 🦅 — \u0000 null inside");
            assertThat(md.getString("general.name")).isEmpty();
            assertThat(md.getInt("t.u8")).isEqualTo(255);
            assertThat(md.getInt("t.i8")).isEqualTo(-128);
            assertThat(md.getInt("t.u16")).isEqualTo(65535);
            assertThat(md.getInt("t.i16")).isEqualTo(-32768);
            assertThat(md.getLong("t.u32")).isEqualTo(4294967295L);
            assertThat(md.getInt("t.i32")).isEqualTo(Integer.MIN_VALUE);
            assertThat(md.get("t.u64")).isEqualTo(GgufValue.uint64(-1L));
            assertThat(md.getLong("t.i64")).isEqualTo(Long.MIN_VALUE);
            assertThat(md.getFloat("t.f32")).isEqualTo(1e-5f);
            assertThat(md.getDouble("t.f64")).isEqualTo(Math.PI);
            assertThat(md.getFloat("t.f32.nan")).isNaN();
            assertThat(md.getBoolean("t.bool.true")).isTrue();
            assertThat(md.getBoolean("t.bool.false")).isFalse();
            assertThat(md.getStringArray("t.strings")).containsExactly("<unk>", "<s>", "", "▁the", "日本語");
            assertThat(md.getStringArray("t.strings.empty")).isEmpty();
            assertThat(md.getIntArray("t.u8s")).containsExactly(0, 1, 255);
            assertThat(md.getIntArray("t.i8s")).containsExactly(-128, 0, 127);
            assertThat(md.getIntArray("t.u16s")).containsExactly(0, 65535);
            assertThat(md.getIntArray("t.i16s")).containsExactly(-32768, 32767);
            assertThat(md.getLongArray("t.u32s")).containsExactly(0, 4294967295L);
            assertThat(md.getIntArray("t.i32s")).containsExactly(2, 3, 3, 6, 6, -1);
            assertThat(md.getLongArray("t.u64s")).containsExactly(0, -1L, Long.MAX_VALUE);
            assertThat(md.getLongArray("t.i64s")).containsExactly(Long.MIN_VALUE, Long.MAX_VALUE);
            assertThat(md.getFloatArray("t.f32s")).containsExactly(0f, -0f, 1.5f, Float.NEGATIVE_INFINITY, Float.NaN);
            assertThat(md.getFloatArray("t.f64s")).containsExactly((float) 1e300, -2.5f);
            assertThat(((GgufArray.ScalarArray) md.getArray("t.bools")).getBoolean(2)).isTrue();
            assertThat(md.getArray("t.i32s.empty").size()).isZero();
            GgufArray.NestedArray nested = (GgufArray.NestedArray) md.getArray("t.nested");
            assertThat(nested.values()).extracting(GgufArray::elementType)
                    .containsExactly(GgufType.INT32, GgufType.STRING, GgufType.ARRAY, GgufType.BOOL);
            GgufArray.NestedArray inner = (GgufArray.NestedArray) nested.values().get(2);
            assertThat(((GgufArray.ScalarArray) inner.values().get(0)).toFloatArray()).containsExactly(0.5f);
            assertThat(inner.values().get(1)).isEqualTo(GgufArray.ofArrays());
            assertThat(md.getArray("t.nested.empty").size()).isZero();
        }
    }

    @Test
    void defaultAlignmentIsNotWrittenAsAKey() throws IOException {
        Path path = dir.resolve("plain.gguf");
        new GgufWriter().putString("general.architecture", "llama")
                .addTensor("a", GgmlType.F32, new long[] {3}, new byte[12])
                .addTensor("b", GgmlType.F32, new long[] {1}, new byte[] {0, 0, (byte) 0x80, 0x3f})
                .write(path);
        try (GgufFile f = GgufFile.open(path)) {
            assertThat(f.metadata().contains(GgufFile.ALIGNMENT_KEY)).isFalse();
            assertThat(f.alignment()).isEqualTo(32);
            assertThat(f.tensor("b").orElseThrow().offset()).isEqualTo(32);
            assertThat(f.tensorData(f.tensor("b").orElseThrow()).get(ValueLayout.JAVA_FLOAT_UNALIGNED, 0)).isEqualTo(1f);
        }
    }

    @Test
    void fileWithoutTensors() throws IOException {
        Path path = dir.resolve("vocab.gguf");
        new GgufWriter().version(2).putStringArray("tokenizer.ggml.tokens", List.of("a", "b")).write(path);
        try (GgufFile f = GgufFile.open(path)) {
            assertThat(f.version()).isEqualTo(2);
            assertThat(f.tensors()).isEmpty();
            assertThat(f.fileSize()).isEqualTo(Files.size(path)).isNotZero();
            assertThat(f.dataOffset()).isEqualTo(GgufParser.alignUp(f.fileSize(), 32));
            assertThat(f.metadata().getStringArray("tokenizer.ggml.tokens")).containsExactly("a", "b");
        }
    }

    @Test
    void tensorDataFromSegmentsAndBuffers() throws IOException {
        byte[] bytes = Fixtures.randomBytes(new SplittableRandom(7), 64);
        ByteBuffer buffer = ByteBuffer.allocateDirect(80);
        buffer.put(new byte[16]).put(bytes).flip().position(16);
        Path path = dir.resolve("sources.gguf");
        new GgufWriter()
                .addTensor("from.segment", GgmlType.F16, new long[] {32}, MemorySegment.ofArray(bytes))
                .addTensor("from.buffer", GgmlType.I8, new long[] {8, 8}, buffer)
                .addZeroTensor("zeros", GgmlType.Q8_0, new long[] {64})
                .write(path);
        try (GgufFile f = GgufFile.open(path)) {
            assertThat(f.tensorData(f.tensor("from.segment").orElseThrow()).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(bytes);
            assertThat(f.tensorData(f.tensor("from.buffer").orElseThrow()).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(bytes);
            assertThat(f.tensorData(f.tensor("zeros").orElseThrow()).toArray(ValueLayout.JAVA_BYTE)).containsOnly(0).hasSize(68);
        }
    }

    /** Random metadata trees (fixed seeds) survive write and read unchanged. */
    @Test
    void randomMetadataRoundTrips() throws IOException {
        for (int seed = 0; seed < 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            LinkedHashMap<String, GgufValue> entries = new LinkedHashMap<>();
            int n = random.nextInt(1, 12);
            for (int i = 0; i < n; i++) {
                entries.put("k" + i + "." + randomString(random, 6), randomValue(random, 0));
            }
            GgufWriter w = new GgufWriter().version(2 + random.nextInt(2));
            entries.forEach(w::put);
            GgufParser.Parsed parsed = GgufParser.parse(Path.of("seed-" + seed), MemorySegment.ofArray(w.toByteArray()));
            assertThat(parsed.metadata()).as("seed %d", seed).isEqualTo(GgufMetadata.of(entries));
        }
    }

    static GgufValue randomValue(SplittableRandom r, int depth) {
        GgufType type = GgufType.values()[r.nextInt(depth < 3 ? 13 : 12)];
        if (type == GgufType.ARRAY) {
            return randomArray(r, depth + 1);
        }
        return switch (type) {
            case STRING -> GgufValue.string(randomString(r, 20));
            case BOOL -> GgufValue.bool(r.nextBoolean());
            case FLOAT32 -> GgufValue.float32(Float.intBitsToFloat(r.nextInt()));
            case FLOAT64 -> GgufValue.float64(Double.longBitsToDouble(r.nextLong()));
            default -> GgufValue.ofInt(type, randomInt(r, type));
        };
    }

    private static GgufArray randomArray(SplittableRandom r, int depth) {
        GgufType element = GgufType.values()[r.nextInt(depth < 3 ? 13 : 12)];
        int n = r.nextInt(0, 6);
        return switch (element) {
            case STRING -> {
                List<String> s = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    s.add(randomString(r, 10));
                }
                yield GgufArray.ofStrings(s);
            }
            case ARRAY -> {
                List<GgufArray> inner = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    inner.add(randomArray(r, depth + 1));
                }
                yield GgufArray.ofArrays(inner);
            }
            case BOOL -> {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) {
                    b[i] = r.nextBoolean();
                }
                yield GgufArray.ofBools(b);
            }
            case FLOAT32 -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = Float.intBitsToFloat(r.nextInt());
                }
                yield GgufArray.ofFloat32(f);
            }
            case FLOAT64 -> {
                double[] d = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = Double.longBitsToDouble(r.nextLong());
                }
                yield GgufArray.ofFloat64(d);
            }
            default -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = randomInt(r, element);
                }
                yield GgufArray.ofInts(element, v);
            }
        };
    }

    private static long randomInt(SplittableRandom r, GgufType type) {
        long bits = r.nextLong();
        return switch (type) {
            case UINT8 -> bits & 0xFF;
            case INT8 -> (byte) bits;
            case UINT16 -> bits & 0xFFFF;
            case INT16 -> (short) bits;
            case UINT32 -> bits & 0xFFFF_FFFFL;
            case INT32 -> (int) bits;
            default -> bits;
        };
    }

    static String randomString(SplittableRandom r, int maxLength) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(0, maxLength + 1);
        for (int i = 0; i < n; i++) {
            int cp;
            do {
                cp = switch (r.nextInt(4)) {
                    case 0 -> r.nextInt(0x20, 0x7F);
                    case 1 -> r.nextInt(0x80, 0x800);
                    case 2 -> r.nextInt(0x800, 0x10000);
                    default -> r.nextInt(0x10000, 0x110000);
                };
            } while (Character.isSurrogate((char) cp) && cp < 0x10000);
            s.appendCodePoint(cp);
        }
        return s.toString();
    }
}
