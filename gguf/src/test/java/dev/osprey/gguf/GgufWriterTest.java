package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTest {

    @TempDir
    Path dir;

    @Test
    void headerBytes() {
        byte[] b = new GgufWriter().version(2).putUInt8("k", 7).toByteArray();
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GGUF");
        assertThat(in.getInt(4)).isEqualTo(2);
        assertThat(in.getLong(8)).isZero();
        assertThat(in.getLong(16)).isEqualTo(1);
        assertThat(in.getLong(24)).isEqualTo(1);
        assertThat(b[32]).isEqualTo((byte) 'k');
        assertThat(in.getInt(33)).isEqualTo(GgufType.UINT8.id());
        assertThat(b[37]).isEqualTo((byte) 7);
        assertThat(b).as("no tensors: no padding after the metadata").hasSize(38);
    }

    @Test
    void tensorsArePackedAtAlignedOffsets() {
        GgufWriter w = new GgufWriter().alignment(64)
                .addZeroTensor("a", GgmlType.F32, new long[] {3})
                .addZeroTensor("b", GgmlType.Q4_0, new long[] {32, 5})
                .addZeroTensor("c", GgmlType.F16, new long[] {0})
                .addZeroTensor("d", GgmlType.I8, new long[] {1});
        assertThat(w.tensorInfos()).extracting(GgufTensorInfo::offset).containsExactly(0L, 64L, 192L, 192L);
        assertThat(w.metadata().get(GgufFile.ALIGNMENT_KEY)).isEqualTo(GgufValue.uint32(64));
    }

    @Test
    void writeAndToByteArrayAgree() throws IOException {
        GgufWriter w = Fixtures.everything(3, 16, 5).addZeroTensor("zeros", GgmlType.Q8_0, new long[] {64, 3});
        Path path = dir.resolve("w.gguf");
        Files.write(path, new byte[100_000]);
        w.write(path);
        assertThat(Files.readAllBytes(path)).isEqualTo(w.toByteArray());
    }

    @Test
    void streamedTensorsLandWhereArrayTensorsWould() throws IOException {
        byte[] data = new byte[4 * 40];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        TensorSource inChunks = (out, size) -> {
            assertThat(size).isEqualTo(data.length);
            for (int off = 0; off < data.length; off += 48) {
                out.write(ByteBuffer.wrap(data, off, Math.min(48, data.length - off)));
            }
        };
        GgufWriter streamed = new GgufWriter().putUInt32("k", 1).addZeroTensor("z", GgmlType.F32, new long[] {3})
                .addTensor("t", GgmlType.F32, new long[] {4, 10}, inChunks)
                .addTensor("u", GgmlType.I8, new long[] {5}, (out, size) -> out.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5})));
        GgufWriter copied = new GgufWriter().putUInt32("k", 1).addZeroTensor("z", GgmlType.F32, new long[] {3})
                .addTensor("t", GgmlType.F32, new long[] {4, 10}, data)
                .addTensor("u", GgmlType.I8, new long[] {5}, new byte[] {1, 2, 3, 4, 5});
        Path path = dir.resolve("s.gguf");
        Files.write(path, new byte[10_000]);
        streamed.write(path);
        assertThat(Files.readAllBytes(path)).isEqualTo(copied.toByteArray());
        assertThat(streamed.toByteArray()).isEqualTo(copied.toByteArray());
    }

    @Test
    void sourcesMustWriteExactlyTheirTensor() {
        GgufWriter tooShort = new GgufWriter().addTensor("t", GgmlType.F32, new long[] {4},
                (out, size) -> out.write(ByteBuffer.allocate(15)));
        assertThatThrownBy(() -> tooShort.write(dir.resolve("short.gguf")))
                .isInstanceOf(IOException.class).hasMessageContaining("tensor 't': its source wrote 15 of 16 bytes");
        GgufWriter tooLong = new GgufWriter().addTensor("t", GgmlType.F32, new long[] {4},
                (out, size) -> out.write(ByteBuffer.allocate(17)));
        assertThatThrownBy(tooLong::toByteArray).hasRootCauseMessage("tensor source wrote past the tensor's 16 bytes");
    }

    @Test
    void laterPutsReplaceValuesInPlace() {
        GgufWriter w = new GgufWriter().putUInt32("a", 1).putUInt32("b", 2).putString("a", "x");
        assertThat(w.metadata().keys()).containsExactly("a", "b");
        assertThat(w.metadata().getString("a")).isEqualTo("x");
    }

    @Test
    void refusesWhatReadersWouldRefuse() {
        GgufWriter w = new GgufWriter().addZeroTensor("t", GgmlType.F32, new long[] {1});
        assertThatThrownBy(() -> w.version(1)).hasMessageContaining("version 2 or 3, not 1");
        assertThatThrownBy(() -> w.alignment(48)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> w.alignment(0)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> w.putInt32(GgufFile.ALIGNMENT_KEY, 32)).hasMessageContaining("UINT32");
        assertThatThrownBy(() -> w.putString("", "x")).hasMessageContaining("empty");
        assertThatThrownBy(() -> w.addZeroTensor("t", GgmlType.F32, new long[] {1})).hasMessageContaining("duplicate tensor name 't'");
        assertThatThrownBy(() -> w.addZeroTensor("x".repeat(64), GgmlType.F32, new long[] {1})).hasMessageContaining("64 bytes");
        assertThatThrownBy(() -> w.addZeroTensor("", GgmlType.F32, new long[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> w.addZeroTensor("q", GgmlType.Q4_K, new long[] {255})).hasMessageContaining("block size 256");
        assertThatThrownBy(() -> w.addTensor("d", GgmlType.F32, new long[] {4}, new byte[15]))
                .hasMessageContaining("takes 16 bytes, but 15 were given");
        w.addZeroTensor("x".repeat(63), GgmlType.F32, new long[] {1});
        assertThat(w.tensorInfos()).hasSize(2);
    }
}
