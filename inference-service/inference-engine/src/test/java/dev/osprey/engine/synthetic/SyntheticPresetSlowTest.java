package dev.osprey.engine.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.engine.tensor.quant.TestDecoder;
import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufTensorInfo;
import dev.osprey.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smallest preset at full size (530 MB): every tensor present, loadable, values where expected. */
@Tag("slow")
class SyntheticPresetSlowTest {

    @Test
    void qwen2HalfBillionInQ8_0(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(dir).getUsableSpace() > 2L << 30, "needs 2 GiB free in " + dir);
        SyntheticSpec spec = SyntheticSpec.parse("qwen2-0.5b:q8_0");
        Path path = dir.resolve("m.gguf");
        new SyntheticModelWriter().write(spec, 3, path);
        try (GgufFile file = GgufFile.open(path)) {
            assertThat(file.tensors()).hasSize(1 + 24 * 12 + 1);
            long weights = file.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum();
            assertThat(weights).isEqualTo(SyntheticModel.QWEN2_0_5B.parameterCount());
            GgufTensorInfo last = file.tensor("blk.23.ffn_down.weight").orElseThrow();
            assertThat(last.type()).isEqualTo(GgmlType.Q8_0);
            float[] row = new float[4864];
            long rowBytes = GgmlType.Q8_0.rowSize(4864);
            TestDecoder.decode(GgmlType.Q8_0, file.tensorData(last), 895 * rowBytes, 4864, row);
            float[] want = new float[4864];
            SeededNormals.fillRow(SeededNormals.tensorSeed(3, last.name()), 895, SyntheticModelWriter.WEIGHT_STD, want, 0, 4864);
            for (int i = 0; i < row.length; i++) {
                assertThat(row[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(0.0006f));
            }
        }
        assertThat(Tokenizers.load(path).vocabulary().size()).isEqualTo(151936);
    }
}
