package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sparse GGUF file above 2 GiB: a zero tensor spanning 2^31 bytes, then tensors with real data
 * (given and streamed) and zeros beyond it. Reading must address them with 64-bit offsets, through the mapping, without copies.
 */
class LargeFileTest {

    private static final long BIG = (1L << 31) + 64;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void tensorsPast2GiB(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(dir).getUsableSpace() > 4L << 30,
                "needs 4 GiB free in " + dir + " in case the file system cannot make sparse files");
        float[] values = new float[16];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 3f;
        }
        ByteBuffer farBytes = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        farBytes.asFloatBuffer().put(values);

        Path path = dir.resolve("big.gguf");
        GgufWriter writer = new GgufWriter()
                .putString("general.architecture", "test")
                .addZeroTensor("big", GgmlType.I8, new long[] {BIG})
                .addTensor("far", GgmlType.F32, new long[] {16}, farBytes)
                .addZeroTensor("far.zeros", GgmlType.Q8_0, new long[] {4096, 16})
                .addTensor("streamed", GgmlType.F32, new long[] {16}, (out, size) -> out.write(farBytes.duplicate()));
        try {
            writer.write(path);
        } catch (IOException e) {
            Assumptions.abort("cannot create a sparse file above 2 GiB in " + dir + ": " + e);
        }

        try (GgufFile f = GgufFile.open(path)) {
            assertThat(f.fileSize()).isGreaterThan(1L << 31).isEqualTo(Files.size(path));
            GgufTensorInfo big = f.tensor("big").orElseThrow();
            GgufTensorInfo far = f.tensor("far").orElseThrow();
            GgufTensorInfo zeros = f.tensor("far.zeros").orElseThrow();
            assertThat(far.offset()).isEqualTo(GgufParser.alignUp(BIG, 32)).isGreaterThan(Integer.MAX_VALUE);

            MemorySegment bigData = f.tensorData(big);
            MemorySegment farData = f.tensorData(far);
            MemorySegment zeroData = f.tensorData(zeros);
            assertThat(bigData.byteSize()).isEqualTo(BIG);
            assertThat(farData.address() - bigData.address()).isEqualTo(far.offset() - big.offset());
            assertThat(zeroData.address() - bigData.address()).isEqualTo(zeros.offset());
            assertThat(zeroData.byteSize()).isEqualTo(4096 / 32 * 34 * 16);
            MemorySegment streamed = f.tensorData(f.tensor("streamed").orElseThrow());
            assertThat(f.dataOffset() + zeros.offset() + zeros.byteSize()).isLessThan(f.fileSize());

            for (int i = 0; i < values.length; i++) {
                assertThat(farData.getAtIndex(F32, i)).isEqualTo(values[i]);
                assertThat(streamed.getAtIndex(F32, i)).isEqualTo(values[i]);
            }
            assertThat(bigData.get(ValueLayout.JAVA_BYTE, 0)).isZero();
            assertThat(bigData.get(ValueLayout.JAVA_BYTE, 1L << 31)).isZero();
            assertThat(bigData.get(ValueLayout.JAVA_BYTE, BIG - 1)).isZero();
            assertThat(zeroData.toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
        }
    }
}
