package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads real llama.cpp-ecosystem files (copied into test resources) and checks what they hold. */
class RealFilesTest {

    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void stories260kHeaderAndMetadata() throws IOException {
        Path path = Fixtures.resource(Fixtures.STORIES);
        try (GgufFile f = GgufFile.open(path)) {
            assertThat(f.path()).isEqualTo(path);
            assertThat(f.version()).isEqualTo(3);
            assertThat(f.alignment()).isEqualTo(32);
            assertThat(f.fileSize()).isEqualTo(1_185_376);
            assertThat(f.dataOffset()).isEqualTo(14_176);

            GgufMetadata md = f.metadata();
            assertThat(md.size()).isEqualTo(19);
            assertThat(md.keys()).startsWith("tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type");
            assertThat(md.getString("general.architecture")).isEqualTo("llama");
            assertThat(md.getString("tokenizer.ggml.model")).isEqualTo("llama");
            assertThat(md.getInt("llama.embedding_length")).isEqualTo(64);
            assertThat(md.getLong("llama.context_length")).isEqualTo(2048);
            assertThat(md.getInt("llama.block_count")).isEqualTo(5);
            assertThat(md.getInt("llama.attention.head_count")).isEqualTo(8);
            assertThat(md.getInt("llama.attention.head_count_kv")).isEqualTo(4);
            assertThat(md.getInt("llama.feed_forward_length")).isEqualTo(172);
            assertThat(md.getFloat("llama.attention.layer_norm_rms_epsilon")).isEqualTo(1e-5f);
            assertThat(md.get("llama.embedding_length")).isEqualTo(GgufValue.uint32(64));
            // -1 stored as UINT32 by the converter: a long, but not an int
            assertThat(md.getLong("tokenizer.ggml.seperator_token_id")).isEqualTo(4_294_967_295L);
            assertThatThrownBy(() -> md.getInt("tokenizer.ggml.seperator_token_id"))
                    .isInstanceOf(GgufMetadataException.class).hasMessageContaining("does not fit in an int");

            List<String> tokens = md.getStringArray("tokenizer.ggml.tokens");
            assertThat(tokens).hasSize(512).startsWith("<unk>", "<s>", "</s>", "<0x00>", "<0x01>");
            assertThat(md.getFloatArray("tokenizer.ggml.scores")).hasSize(512);
            assertThat(md.getIntArray("tokenizer.ggml.token_type")).hasSize(512).startsWith(2, 3, 3, 6, 6);
            assertThat(md.getArray("tokenizer.ggml.token_type").elementType()).isEqualTo(GgufType.INT32);
        }
    }

    @Test
    void stories260kTensors() throws IOException {
        Path path = Fixtures.resource(Fixtures.STORIES);
        try (GgufFile f = GgufFile.open(path)) {
            assertThat(f.tensors()).hasSize(48);
            GgufTensorInfo embd = f.tensor("token_embd.weight").orElseThrow();
            assertThat(embd.dims()).containsExactly(64, 512);
            assertThat(embd.type()).isEqualTo(GgmlType.F32);
            assertThat(embd.offset()).isZero();
            assertThat(embd.elementCount()).isEqualTo(64 * 512);
            assertThat(embd.byteSize()).isEqualTo(64 * 512 * 4);
            assertThat(f.tensors().getFirst()).isEqualTo(embd);
            assertThat(f.tensor("output_norm.weight").orElseThrow().offset()).isEqualTo(131_072);
            assertThat(f.tensor("blk.0.attn_k.weight").orElseThrow().dims()).containsExactly(64, 32);
            assertThat(f.tensor("blk.4.ffn_down.weight").orElseThrow().dims()).containsExactly(172, 64);
            assertThat(f.tensor("no.such.tensor")).isEmpty();
            assertThat(f.tensors()).allSatisfy(t -> {
                assertThat(t.type()).isEqualTo(GgmlType.F32);
                assertThat(t.offset() % 32).isZero();
                assertThat(f.dataOffset() + t.offset() + t.byteSize()).isLessThanOrEqualTo(f.fileSize());
            });
            GgufTensorInfo last = f.tensors().getLast();
            assertThat(last.name()).isEqualTo("blk.4.ffn_norm.weight");
            assertThat(last.offset()).isEqualTo(1_170_944);
        }
    }

    /** The view's bytes are the file's bytes at dataOffset + offset, read here with plain file I/O. */
    @Test
    void tensorDataIsAReadOnlyViewAtTheRightPlace() throws IOException {
        Path path = Fixtures.resource(Fixtures.STORIES);
        try (GgufFile f = GgufFile.open(path); RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
            for (String name : List.of("token_embd.weight", "output_norm.weight", "blk.4.ffn_norm.weight")) {
                GgufTensorInfo t = f.tensor(name).orElseThrow();
                MemorySegment data = f.tensorData(t);
                assertThat(data.byteSize()).isEqualTo(t.byteSize());
                assertThat(data.isReadOnly()).isTrue();
                assertThat(data.isMapped()).isTrue();
                assertThat(data.address() % f.alignment()).isZero();
                byte[] expected = new byte[(int) t.byteSize()];
                raf.seek(f.dataOffset() + t.offset());
                raf.readFully(expected);
                assertThat(data.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(expected);
            }
            // RMS-norm weights of a trained model are finite and mostly near 1, not garbage
            MemorySegment norm = f.tensorData(f.tensor("output_norm.weight").orElseThrow());
            for (int i = 0; i < 64; i++) {
                float w = norm.getAtIndex(F32_LE, i);
                assertThat(w).isFinite().isBetween(-10f, 10f);
            }
        }
    }

    @Test
    void llamaQ4kFile() throws IOException {
        try (GgufFile f = GgufFile.open(Fixtures.resource(Fixtures.LLAMA_Q4_K))) {
            assertThat(f.version()).isEqualTo(3);
            assertThat(f.tensors()).hasSize(21);
            assertThat(f.metadata().size()).isEqualTo(22);
            assertThat(f.dataOffset()).isEqualTo(28_352);
            GgufMetadata md = f.metadata();
            assertThat(md.getString("general.name")).isEqualTo("llama-s-seed1001");
            assertThat(md.getInt("general.file_type")).isEqualTo(14);
            assertThat(md.getFloat("llama.rope.freq_base")).isEqualTo(10000f);
            assertThat(md.getBoolean("tokenizer.ggml.add_bos_token")).isTrue();
            assertThat(md.getString("tokenizer.ggml.pre")).isEqualTo("llama-bpe");
            assertThat(md.getStringArray("tokenizer.ggml.tokens")).hasSize(1024);
            assertThat(md.getStringArray("tokenizer.ggml.merges")).hasSize(744).startsWith("Ġ Ġ");

            GgufTensorInfo embd = f.tensor("token_embd.weight").orElseThrow();
            assertThat(embd.type()).isEqualTo(GgmlType.Q4_K);
            assertThat(embd.dims()).containsExactly(256, 1024);
            assertThat(embd.byteSize()).isEqualTo(1024 * 144);
            assertThat(f.tensor("blk.0.attn_q.weight").orElseThrow().offset()).isEqualTo(148_480);
            assertThat(f.tensor("blk.0.attn_norm.weight").orElseThrow().type()).isEqualTo(GgmlType.F32);
            assertThat(f.tensors()).allSatisfy(t -> assertThat(t.type()).isIn(GgmlType.Q4_K, GgmlType.F32));
            GgufTensorInfo output = f.tensor("output.weight").orElseThrow();
            assertThat(output.offset()).isEqualTo(816_128);
            assertThat(f.dataOffset() + output.offset() + output.byteSize()).isEqualTo(f.fileSize());
        }
    }

    @Test
    void ggufV1IsRejectedNamingTheVersion() {
        Path path = Fixtures.resource(Fixtures.STORIES_V1);
        assertThatThrownBy(() -> GgufFile.open(path))
                .isInstanceOfSatisfying(GgufFormatException.class, e -> {
                    assertThat(e.offset()).isEqualTo(4);
                    assertThat(e.path()).isEqualTo(path);
                })
                .hasMessageContaining("GGUF version 1 is not supported (only versions 2 and 3 are)")
                .hasMessageContaining(path.toString())
                .hasMessageContaining("byte offset 4");
    }

    /** Writing a read file back with the writer reproduces it byte for byte: same layout as llama.cpp's writer. */
    @Test
    void rewritingRealFilesReproducesThemExactly() throws IOException {
        for (String name : List.of(Fixtures.STORIES, Fixtures.LLAMA_Q4_K)) {
            Path path = Fixtures.resource(name);
            try (GgufFile f = GgufFile.open(path)) {
                GgufWriter w = new GgufWriter().version(f.version()).putAll(f.metadata());
                for (GgufTensorInfo t : f.tensors()) {
                    w.addTensor(t.name(), t.type(), t.dims(), f.tensorData(t));
                }
                assertThat(w.tensorInfos()).as(name).isEqualTo(f.tensors());
                assertThat(w.toByteArray()).as(name).isEqualTo(java.nio.file.Files.readAllBytes(path));
            }
        }
    }

    @Test
    void dumpSummarisesAFile() throws IOException {
        try (GgufFile f = GgufFile.open(Fixtures.resource(Fixtures.STORIES))) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            GgufDump.dump(f, new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
            String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).contains("GGUF v3, 1185376 bytes, alignment 32, data section at 14176")
                    .contains("19 metadata keys:", "  general.architecture = STRING:\"llama\"",
                            "  tokenizer.ggml.tokens = ARRAY<STRING>[512]: [<unk>, <s>, </s>, <0x00>, <0x01>, <0x02>, <0x03>, <0x04>, ...]", "48 tensors:")
                    .containsPattern("token_embd\\.weight +F32 +64 x 512 +offset +0 +131072 bytes");
            assertThat(text.lines().count()).isEqualTo(1 + 1 + 19 + 1 + 48);
        }
    }
}
