package dev.osprey.engine.tensor.scalar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufTensorInfo;
import dev.osprey.testkit.ReferenceFiles;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks each reference format against reality: the llama-s golden files hold the same random weights
 * quantized by ggml itself, so dequantizing them must land close to the F32 file, with the error
 * expected of the type. Bounds are about 3x the NMSE measured over these tensors.
 */
class GoldenDequantTest {
    private static final List<String> TENSORS = List.of(
            "blk.0.attn_q.weight", "blk.0.attn_k.weight", "blk.1.ffn_down.weight", "blk.1.ffn_up.weight",
            "output.weight", "token_embd.weight");

    @ParameterizedTest
    @CsvSource({
        "bf16, BF16, 1e-5", // measured 2.8e-6
        "f16, F16, 1.5e-7", // 4.3e-8
        "q8_0, Q8_0, 1e-4", // 2.9e-5
        "q4_0, Q4_0, 2.5e-2", // 7.4e-3
        "q4_k, Q4_K, 1.5e-2", // 5.1e-3
        "q5_k, Q5_K, 4e-3", // 1.3e-3
        "q6_k, Q6_K, 1e-3", // 3.2e-4
        "q4_1, Q4_1, 2e-2", // 6.1e-3
        "q5_0, Q5_0, 5.5e-3", // 1.8e-3
        "q5_1, Q5_1, 4.5e-3", // 1.4e-3
        "iq4_nl, IQ4_NL, 1.8e-2", // 5.8e-3
        "q2_k, Q2_K, 2.6e-1", // 8.8e-2
        "q3_k, Q3_K, 7e-2", // 2.3e-2
        "iq4_xs, IQ4_XS, 1.8e-2", // 5.9e-3
    })
    void dequantizedRowsMatchTheF32Weights(String suffix, GgmlType type, double bound) throws IOException {
        ScalarBackend backend = new ScalarBackend();
        try (GgufFile f32 = GgufFile.open(ReferenceFiles.path("goldens/models/llama-s-f32.gguf"));
                GgufFile quant = GgufFile.open(ReferenceFiles.path("goldens/models/llama-s-" + suffix + ".gguf"))) {
            for (String name : TENSORS) {
                Weights exact = backend.bind(matrix(f32, name));
                Weights approx = backend.bind(matrix(quant, name));
                assertEquals(type, approx.source().type(), name);
                double err = 0;
                double ref = 0;
                float[] a = new float[exact.cols()];
                float[] b = new float[exact.cols()];
                for (int r = 0; r < exact.rows(); r++) {
                    exact.dequantizeRow(r, a, 0);
                    approx.dequantizeRow(r, b, 0);
                    for (int c = 0; c < a.length; c++) {
                        err += (double) (a[c] - b[c]) * (a[c] - b[c]);
                        ref += (double) a[c] * a[c];
                    }
                }
                double nmse = err / ref;
                assertTrue(nmse < bound, type + " " + name + ": NMSE " + nmse + " >= " + bound);
            }
        }
    }

    static QuantizedMatrix matrix(GgufFile file, String name) {
        GgufTensorInfo info = file.tensor(name).orElseThrow();
        long[] dims = info.dims();
        return new QuantizedMatrix(name, info.type(), (int) dims[1], (int) dims[0], file.tensorData(info));
    }
}
