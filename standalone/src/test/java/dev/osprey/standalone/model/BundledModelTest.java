package dev.osprey.standalone.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class BundledModelTest {

    @TempDir
    Path dir;

    @Test
    void extractsTheRealStoriesModelOnce() throws IOException {
        Path file = new BundledModel(dir).extract();

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize((int) BundledModel.SIZE);
        assertThat(FakeHub.sha256(bytes)).isEqualTo(BundledModel.SHA256);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("GGUF");

        FileTime marker = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, marker);
        assertThat(new BundledModel(dir).extract()).isEqualTo(file);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(marker); // not rewritten
        try (var listing = Files.list(dir)) {
            assertThat(listing).containsExactly(file); // no temporary files left behind
        }
    }

    @Test
    void reExtractsADamagedCopy() throws IOException {
        Path file = new BundledModel(dir).extract();
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 2] ^= 1;                 // same size, different bytes
        Files.write(file, damaged);
        assertThat(FakeHub.sha256(Files.readAllBytes(file))).isNotEqualTo(BundledModel.SHA256);

        new BundledModel(dir).extract();
        assertThat(FakeHub.sha256(Files.readAllBytes(file))).isEqualTo(BundledModel.SHA256);

        Files.write(file, Arrays.copyOf(damaged, 100));   // truncated
        new BundledModel(dir).extract();
        assertThat(Files.size(file)).isEqualTo(BundledModel.SIZE);
    }
}
