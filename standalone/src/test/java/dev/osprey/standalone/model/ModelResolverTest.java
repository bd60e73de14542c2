package dev.osprey.standalone.model;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelResolverTest {

    @TempDir
    Path cacheRoot;
    @TempDir
    Path work;
    FakeHub hub;

    @BeforeEach
    void start() throws IOException {
        hub = new FakeHub();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private ModelResolver resolver(URI endpoint) {
        ModelCache cache = new ModelCache(cacheRoot);
        var console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return new ModelResolver(new HuggingFaceDownloader(endpoint, Optional.empty(), cache, console),
                new BundledModel(cache.bundledDirectory()));
    }

    @Test
    void noModelMeansTheDefaultDownloadedFromTheHub() throws IOException {
        byte[] content = HuggingFaceDownloaderTest.ggufBytes(50_000, 1);
        hub.publish("Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF", "main", "qwen2.5-coder-0.5b-instruct-q8_0.gguf", content);

        ResolvedModel model = resolver(hub.endpoint()).resolve((String) null);

        assertThat(model.fallback()).isFalse();
        assertThat(model.warning()).isEmpty();
        assertThat(model.displayName()).isEqualTo("Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/qwen2.5-coder-0.5b-instruct-q8_0.gguf");
        assertThat(Files.readAllBytes(model.file())).isEqualTo(content);
    }

    @Test
    void unreachableHubFallsBackToTheBundledModelForTheDefault() throws IOException {
        ResolvedModel model = resolver(HuggingFaceDownloaderTest.closedPort()).resolve("  ");

        assertThat(model.fallback()).isTrue();
        assertThat(model.displayName()).isEqualTo("stories260K");
        assertThat(model.file()).isEqualTo(cacheRoot.resolve("bundled/stories260K.gguf"));
        assertThat(Files.size(model.file())).isEqualTo(BundledModel.SIZE);
        assertThat(model.warning()).hasValueSatisfying(w -> assertThat(w)
                .startsWith("Could not download Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/qwen2.5-coder-0.5b-instruct-q8_0.gguf: 127.0.0.1 unreachable (")
                .contains("Serving the bundled demo model stories260K (a 260K-parameter TinyStories model: the whole pipeline runs, but it does not write code)")
                .endsWith("Pass --model FILE.gguf or hf:OWNER/REPO/FILE.gguf."));
    }

    @Test
    void anExplicitHubModelThatCannotBeReachedFailsWithoutFallback() throws IOException {
        ModelResolver resolver = resolver(HuggingFaceDownloaderTest.closedPort());
        assertThatThrownBy(() -> resolver.resolve("hf:acme/tiny-GGUF/tiny.gguf"))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("Could not reach")
                .hasMessageContaining("--model /path/to/model.gguf");
        assertThat(cacheRoot.resolve("bundled")).doesNotExist();
    }

    @Test
    void anExplicitHubModelThatIsMissingFailsWithoutFallback() {
        assertThatThrownBy(() -> resolver(hub.endpoint()).resolve("hf:acme/tiny-GGUF/missing.gguf"))
                .isInstanceOf(ModelDownloadException.class)
                .hasMessageContaining("HTTP 404");
    }

    @Test
    void anExplicitHubModelResolves() throws IOException {
        byte[] content = HuggingFaceDownloaderTest.ggufBytes(10_000, 2);
        hub.publish("acme/tiny-GGUF", "v1", "tiny.gguf", content);

        ResolvedModel model = resolver(hub.endpoint()).resolve(ModelReference.parse("hf:acme/tiny-GGUF@v1/tiny.gguf"));

        assertThat(model.displayName()).isEqualTo("acme/tiny-GGUF@v1/tiny.gguf");
        assertThat(Files.readAllBytes(model.file())).isEqualTo(content);
        assertThat(model.file()).isEqualTo(cacheRoot.resolve("acme/tiny-GGUF/v1/tiny.gguf"));
    }

    @Test
    void aDownloadedFileThatIsNotGgufIsRejected() {
        hub.publish("acme/tiny-GGUF", "main", "fake.gguf", "<html>not a model</html>".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> resolver(hub.endpoint()).resolve("hf:acme/tiny-GGUF/fake.gguf"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a GGUF file")
                .hasMessageContaining("instead of the magic bytes \"GGUF\"");
    }

    @Test
    void aLocalGgufFileIsUsedInPlaceWithoutNetwork() throws IOException {
        Path file = work.resolve("mine.gguf");
        Files.write(file, HuggingFaceDownloaderTest.ggufBytes(100, 3));

        ResolvedModel model = resolver(HuggingFaceDownloaderTest.closedPort()).resolve(file.toString());

        assertThat(model).isEqualTo(new ResolvedModel(file, "mine.gguf", false, Optional.empty()));
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void aMissingLocalFileIsAClearErrorNamingThePath() {
        Path missing = work.resolve("nope.gguf");
        assertThatThrownBy(() -> resolver(hub.endpoint()).resolve(missing.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Model file not found: " + missing);
    }

    @Test
    void aLocalDirectoryIsAClearError() {
        assertThatThrownBy(() -> resolver(hub.endpoint()).resolve(work.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a directory")
                .hasMessageContaining(work.toString());
    }

    @Test
    void aLocalFileThatIsNotGgufIsAClearErrorNamingThePath() throws IOException {
        Path file = work.resolve("model.safetensors");
        Files.write(file, new byte[] {0x7b, 0x22, 0x5f, 0x5f, 1, 2});
        assertThatThrownBy(() -> resolver(hub.endpoint()).resolve(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a GGUF file: " + file + " starts with 0x7b225f5f instead of the magic bytes \"GGUF\".");

        Path empty = Files.createFile(work.resolve("empty.gguf"));
        assertThatThrownBy(() -> resolver(hub.endpoint()).resolve(empty.toString()))
                .hasMessageContaining("starts with nothing (it is empty)");
    }
}
