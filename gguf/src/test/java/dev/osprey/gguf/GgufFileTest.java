package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {

    @TempDir
    Path dir;

    private Path twoTensors() throws IOException {
        Path path = dir.resolve("two.gguf");
        new GgufWriter().putString("general.architecture", "test")
                .addTensor("a", GgmlType.I8, new long[] {4}, new byte[] {1, 2, 3, 4})
                .addTensor("b", GgmlType.I8, new long[] {2}, new byte[] {5, 6})
                .write(path);
        return path;
    }

    @Test
    void tensorViewsAreReadOnly() throws IOException {
        try (GgufFile f = GgufFile.open(twoTensors())) {
            MemorySegment a = f.tensorData(f.tensor("a").orElseThrow());
            assertThat(a.toArray(ValueLayout.JAVA_BYTE)).containsExactly(1, 2, 3, 4);
            assertThatThrownBy(() -> a.set(ValueLayout.JAVA_BYTE, 0, (byte) 9)).isInstanceOf(IllegalArgumentException.class);
            assertThat(f.toString()).contains("two.gguf", "v3", "2 tensors");
        }
    }

    @Test
    void tensorDataRefusesForeignInfos() throws IOException {
        try (GgufFile f = GgufFile.open(twoTensors())) {
            GgufTensorInfo a = f.tensor("a").orElseThrow();
            assertThatThrownBy(() -> f.tensorData(new GgufTensorInfo("a", new long[] {4}, GgmlType.I8, 64)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not in");
            assertThatThrownBy(() -> f.tensorData(new GgufTensorInfo("zz", new long[] {4}, GgmlType.I8, 0)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(f.tensorData(new GgufTensorInfo("a", new long[] {4}, GgmlType.I8, a.offset())).byteSize()).isEqualTo(4);
        }
    }

    @Test
    void closeUnmapsButKeepsMetadata() throws IOException {
        GgufFile f = GgufFile.open(twoTensors());
        GgufTensorInfo b = f.tensor("b").orElseThrow();
        MemorySegment view = f.tensorData(b);
        f.close();
        f.close();
        assertThatThrownBy(() -> view.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> f.tensorData(b)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(f.metadata().getString("general.architecture")).isEqualTo("test");
        assertThat(f.tensors()).hasSize(2);
    }

    @Test
    void viewsAreUsableFromOtherThreads() throws Exception {
        try (GgufFile f = GgufFile.open(twoTensors())) {
            MemorySegment b = f.tensorData(f.tensor("b").orElseThrow());
            Thread t = Thread.ofPlatform().start(() -> assertThat(b.get(ValueLayout.JAVA_BYTE, 1)).isEqualTo((byte) 6));
            t.join();
        }
    }

    @Test
    void unreadablePathsAreIoErrorsNotFormatErrors() {
        assertThatThrownBy(() -> GgufFile.open(dir.resolve("absent.gguf"))).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> GgufFile.open(dir)).isInstanceOf(IOException.class)
                .isNotInstanceOf(GgufFormatException.class).hasMessageContaining("not a regular file");
    }
}
