package dev.osprey.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeLockTest {
    @TempDir
    Path home;

    @Test
    void aSecondHolderInThisJvmIsRefusedUntilTheFirstCloses() {
        try (HomeLock first = HomeLock.acquire(home)) {
            first.describe("pid 42, REST http://127.0.0.1:8080/v1");
            assertThatThrownBy(() -> HomeLock.acquire(home))
                    .isInstanceOf(HomeLock.HomeInUseException.class)
                    .hasMessageContaining(home.toString())
                    .hasMessageContaining("pid 42, REST http://127.0.0.1:8080/v1");
        }
        HomeLock.acquire(home).close();
    }

    /** What {@code ./osprey serve} does when another process runs on the same home: exits at once, naming it. */
    @Test
    void aSecondServeProcessOnTheSameHomeExitsAtOnceNamingTheFirst() throws IOException, InterruptedException {
        try (HomeLock running = HomeLock.acquire(home)) {
            running.describe("pid " + ProcessHandle.current().pid() + ", REST http://127.0.0.1:18080/v1, gRPC port 19090");
            Process second = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), OspreyServe.class.getName(),
                    "--home", home.toString(), "--model", home.resolve("never-read.gguf").toString(), "--port", "0"))
                    .redirectErrorStream(true)
                    .start();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.exitValue()).as(output).isEqualTo(1);
            assertThat(output).contains("another Osprey instance is running with the home " + home)
                    .contains("pid " + ProcessHandle.current().pid() + ", REST http://127.0.0.1:18080/v1, gRPC port 19090")
                    .doesNotContain("never-read.gguf");
        }
    }
}
