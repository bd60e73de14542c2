package dev.osprey.gguf;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Test fixtures: the copied real files, and a writer-built file exercising every value type. */
final class Fixtures {

    static final String STORIES = "stories260K.gguf";
    static final String STORIES_V1 = "tinyllamas-stories-260k-f32.ggufv1.gguf";
    static final String LLAMA_Q4_K = "llama-s-q4_k.gguf";

    private Fixtures() {
    }

    /** A file under {@code src/test/resources/gguf/}. */
    static Path resource(String name) {
        URL url = Fixtures.class.getResource("/gguf/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource /gguf/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] randomBytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /**
     * A writer holding one metadata entry of every scalar type, strings (empty, non-ASCII), arrays of
     * every element type (empty ones too), nested arrays two and three deep, and tensors of several
     * ggml types and ranks, including a 0-dimensional and a zero-element one.
     */
    static GgufWriter everything(int version, int alignment, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        GgufWriter w = new GgufWriter().version(version).alignment(alignment)
                .putString("general.architecture", "llama")
                .putString("general.name", "")
                .putString("general.description", "héllo ✓ 🦅 — \u0000 null inside")
                .putUInt8("t.u8", 255)
                .putInt8("t.i8", -128)
                .putUInt16("t.u16", 65535)
                .putInt16("t.i16", -32768)
                .putUInt32("t.u32", 4294967295L)
                .putInt32("t.i32", Integer.MIN_VALUE)
                .putUInt64("t.u64", -1L)
                .putInt64("t.i64", Long.MIN_VALUE)
                .putFloat32("t.f32", 1e-5f)
                .putFloat64("t.f64", Math.PI)
                .putFloat32("t.f32.nan", Float.NaN)
                .putBool("t.bool.true", true)
                .putBool("t.bool.false", false)
                .putStringArray("t.strings", List.of("<unk>", "<s>", "", "▁the", "日本語"))
                .putArray("t.strings.empty", GgufArray.ofStrings())
                .putArray("t.u8s", GgufArray.ofInts(GgufType.UINT8, 0, 1, 255))
                .putArray("t.i8s", GgufArray.ofInts(GgufType.INT8, -128, 0, 127))
                .putArray("t.u16s", GgufArray.ofInts(GgufType.UINT16, 0, 65535))
                .putArray("t.i16s", GgufArray.ofInts(GgufType.INT16, -32768, 32767))
                .putArray("t.u32s", GgufArray.ofInts(GgufType.UINT32, 0, 4294967295L))
                .putInt32Array("t.i32s", 2, 3, 3, 6, 6, -1)
                .putArray("t.u64s", GgufArray.ofInts(GgufType.UINT64, 0, -1L, Long.MAX_VALUE))
                .putArray("t.i64s", GgufArray.ofInts(GgufType.INT64, Long.MIN_VALUE, Long.MAX_VALUE))
                .putFloat32Array("t.f32s", 0f, -0f, 1.5f, Float.NEGATIVE_INFINITY, Float.NaN)
                .putArray("t.f64s", GgufArray.ofFloat64(1e300, -2.5))
                .putArray("t.bools", GgufArray.ofBools(true, false, true))
                .putArray("t.i32s.empty", GgufArray.ofInt32())
                .putArray("t.nested", GgufArray.ofArrays(
                        GgufArray.ofInt32(1, 2, 3),
                        GgufArray.ofStrings("a", "bc"),
                        GgufArray.ofArrays(GgufArray.ofFloat32(0.5f), GgufArray.ofArrays()),
                        GgufArray.ofBools()))
                .putArray("t.nested.empty", GgufArray.ofArrays());
        w.addTensor("token_embd.weight", GgmlType.F32, new long[] {8, 4}, randomBytes(random, 8 * 4 * 4));
        w.addTensor("blk.0.attn_q.weight", GgmlType.Q4_0, new long[] {64, 3}, randomBytes(random, 2 * 18 * 3));
        w.addTensor("blk.0.ffn_down.weight", GgmlType.Q4_K, new long[] {256, 2}, randomBytes(random, 144 * 2));
        w.addTensor("blk.0.attn_k.weight", GgmlType.Q8_0, new long[] {32, 2, 2}, randomBytes(random, 34 * 4));
        w.addTensor("blk.0.norm.weight", GgmlType.F16, new long[] {7}, randomBytes(random, 14));
        w.addTensor("blk.0.bf16", GgmlType.BF16, new long[] {3, 1, 1, 2}, randomBytes(random, 12));
        w.addTensor("scalar", GgmlType.I32, new long[] {}, randomBytes(random, 4));
        w.addTensor("empty", GgmlType.F32, new long[] {0, 5}, new byte[0]);
        w.addTensor("output.weight", GgmlType.I8, new long[] {5}, randomBytes(random, 5));
        return w;
    }
}
