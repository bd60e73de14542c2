package dev.osprey.engine.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufTensorInfo;
import dev.osprey.testkit.ReferenceFiles;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Quantizing the F32 golden models reproduces the files ggml's own reference quantizers made from
 * them (see the testkit's {@code goldens/models/README.md}), byte for byte.
 */
class QuantizerGoldenTest {
    private static final ValueLayout.OfFloat LE_FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource({
        "llama-s, f16, F16", "llama-s, bf16, BF16", "llama-s, q8_0, Q8_0", "llama-s, q4_0, Q4_0",
        "llama-s, q4_k, Q4_K", "llama-s, q5_k, Q5_K", "llama-s, q6_k, Q6_K",
        "llama-s, q4_1, Q4_1", "llama-s, q5_0, Q5_0", "llama-s, q5_1, Q5_1", "llama-s, iq4_nl, IQ4_NL",
        "llama-s, q2_k, Q2_K", "llama-s, q3_k, Q3_K", "llama-s, iq4_xs, IQ4_XS",
        "qwen2-s, f16, F16", "qwen2-s, bf16, BF16", "qwen2-s, q8_0, Q8_0", "qwen2-s, q4_0, Q4_0",
        "qwen2-s, q4_k, Q4_K", "qwen2-s, q5_k, Q5_K", "qwen2-s, q6_k, Q6_K",
        "qwen2-s, q4_1, Q4_1", "qwen2-s, q5_0, Q5_0", "qwen2-s, q5_1, Q5_1", "qwen2-s, iq4_nl, IQ4_NL",
        "qwen2-s, q2_k, Q2_K", "qwen2-s, q3_k, Q3_K", "qwen2-s, iq4_xs, IQ4_XS",
    })
    void reproducesGgmlQuantizedFile(String family, String suffix, GgmlType type) throws IOException {
        Quantizer quantizer = Quantizers.of(type);
        List<String> mismatches = new ArrayList<>();
        int quantized = 0;
        try (GgufFile f32 = GgufFile.open(ReferenceFiles.path("goldens/models/" + family + "-f32.gguf"));
             GgufFile golden = GgufFile.open(ReferenceFiles.path("goldens/models/" + family + "-" + suffix + ".gguf"));
             Arena arena = Arena.ofConfined()) {
            for (GgufTensorInfo source : f32.tensors()) {
                GgufTensorInfo expected = golden.tensor(source.name()).orElseThrow();
                MemorySegment want = golden.tensorData(expected);
                float[] values = f32.tensorData(source).toArray(LE_FLOAT);
                if (source.nDims() < 2) {
                    assertThat(expected.type()).as(source.name()).isEqualTo(GgmlType.F32);
                    continue;
                }
                assertThat(expected.type()).as(source.name()).isEqualTo(type);
                MemorySegment got = arena.allocate(expected.byteSize());
                quantizer.quantize(values, 0, values.length, got, 0);
                quantized++;
                String diff = blockDiff(source.name(), type, got, want);
                if (diff != null) {
                    mismatches.add(diff);
                }
            }
        }
        assertThat(quantized).isGreaterThan(0);
        assertThat(mismatches).as("tensors whose bytes differ from ggml's").isEmpty();
    }

    /** Null when equal, else how many blocks and bytes differ and where the first difference is. */
    static String blockDiff(String name, GgmlType type, MemorySegment got, MemorySegment want) {
        if (got.mismatch(want) < 0) {
            return null;
        }
        int blockBytes = type.typeSize();
        long blocks = want.byteSize() / blockBytes;
        long badBlocks = 0;
        long badBytes = 0;
        long first = -1;
        for (long b = 0; b < blocks; b++) {
            boolean bad = false;
            for (long i = b * blockBytes; i < (b + 1) * blockBytes; i++) {
                if (got.get(ValueLayout.JAVA_BYTE, i) != want.get(ValueLayout.JAVA_BYTE, i)) {
                    badBytes++;
                    bad = true;
                    if (first < 0) {
                        first = i;
                    }
                }
            }
            badBlocks += bad ? 1 : 0;
        }
        return name + ": " + badBlocks + "/" + blocks + " blocks, " + badBytes + " bytes differ; first at byte "
                + first + " (block " + first / blockBytes + ", offset " + first % blockBytes + ")";
    }
}
