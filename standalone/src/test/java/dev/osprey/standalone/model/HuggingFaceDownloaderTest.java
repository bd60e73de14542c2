package dev.osprey.standalone.model;

import dev.osprey.standalone.model.ModelDownloadException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HuggingFaceDownloaderTest {

    static final String REPO = "acme/tiny-GGUF";
    static final ModelReference.HuggingFace REF = new ModelReference.HuggingFace("acme", "tiny-GGUF", "main", "q8/tiny.gguf");

    @TempDir
    Path cacheRoot;
    FakeHub hub;
    byte[] content;
    String sha;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void publish() throws IOException {
        hub = new FakeHub();
        content = ggufBytes(300_000, 7);
        sha = hub.publish(REPO, "main", "q8/tiny.gguf", content);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    static byte[] ggufBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        System.arraycopy("GGUF".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 4);
        return bytes;
    }

    private HuggingFaceDownloader downloader(URI endpoint, Optional<String> token) {
        return new HuggingFaceDownloader(endpoint, token, new ModelCache(cacheRoot),
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private HuggingFaceDownloader downloader() {
        return downloader(hub.endpoint(), Optional.empty());
    }

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    private Path target() {
        return cacheRoot.resolve("acme/tiny-GGUF/main/q8/tiny.gguf");
    }

    @Test
    void downloadsThroughTheRedirectVerifiesAndRecordsTheDigest() throws IOException {
        Path file = downloader().download(REF);

        assertThat(file).isEqualTo(target());
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(Files.readString(cacheRoot.resolve("acme/tiny-GGUF/main/q8/tiny.gguf.sha256")))
                .isEqualTo(sha + "  " + content.length + "\n");
        assertThat(ModelCache.partFile(file)).doesNotExist();
        assertThat(hub.requests()).containsExactly("/acme/tiny-GGUF/resolve/main/q8/tiny.gguf", "/cdn/" + sha);
        assertThat(hub.rangeHeaders()).containsExactly("");
        assertThat(hub.bodyBytesSent()).isEqualTo(content.length);
        // Surefire has no console: the progress bar prints plain lines, and always the final one.
        assertThat(console()).doesNotContain("\r").contains("tiny.gguf  0.3 MB / 0.3 MB  100.0%");
    }

    @Test
    void resumesAHalfWrittenPartWithARangeRequest() throws IOException {
        Files.createDirectories(target().getParent());
        int half = content.length / 2;
        Files.write(ModelCache.partFile(target()), Arrays.copyOf(content, half));

        Path file = downloader().download(REF);

        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(hub.rangeHeaders()).containsExactly("bytes=" + half + "-");
        assertThat(hub.bodyBytesSent()).isEqualTo(content.length - half);
    }

    @Test
    void restartsFromZeroWhenTheServerIgnoresRange() throws IOException {
        Files.createDirectories(target().getParent());
        Files.write(ModelCache.partFile(target()), Arrays.copyOf(content, 1000));
        hub.ignoreRange = true;

        Path file = downloader().download(REF);

        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(hub.bodyBytesSent()).isEqualTo(content.length);
    }

    @Test
    void aResumedPartFromOtherBytesFailsTheChecksumAndIsDeleted() throws IOException {
        Files.createDirectories(target().getParent());
        byte[] stale = ggufBytes(1000, 99);
        Files.write(ModelCache.partFile(target()), stale);

        assertThatThrownBy(() -> downloader().download(REF))
                .isInstanceOfSatisfying(ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining("Checksum mismatch for acme/tiny-GGUF/q8/tiny.gguf");
        assertThat(ModelCache.partFile(target())).doesNotExist();
        assertThat(target()).doesNotExist();
    }

    @Test
    void rejectsBytesThatDoNotMatchThePublishedSha256() {
        String wrong = "0".repeat(64);
        hub.publishedShaOverride = wrong;

        assertThatThrownBy(() -> downloader().download(REF))
                .isInstanceOfSatisfying(ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CHECKSUM_MISMATCH))
                .hasMessageContaining("published SHA-256 " + wrong)
                .hasMessageContaining("hash to " + sha)
                .hasMessageContaining("partial file was deleted");
        assertThat(ModelCache.partFile(target())).doesNotExist();
        assertThat(target()).doesNotExist();
        assertThat(ModelCache.digestFile(target())).doesNotExist();
    }

    @Test
    void reusesACachedFileWithoutAnyRequest() {
        downloader().download(REF);
        hub.requests().clear();

        Path again = downloader().download(REF);

        assertThat(again).isEqualTo(target());
        assertThat(hub.requests()).isEmpty();
        assertThat(downloader().cached(REF)).contains(target());
    }

    @Test
    void aTruncatedCachedFileIsDownloadedAgain() throws IOException {
        downloader().download(REF);
        Files.write(target(), Arrays.copyOf(content, 10));
        hub.requests().clear();

        assertThat(downloader().cached(REF)).isEmpty();
        Path again = downloader().download(REF);

        assertThat(Files.readAllBytes(again)).isEqualTo(content);
        assertThat(hub.requests()).hasSize(2);
        assertThat(console()).contains("does not match its recorded size");
    }

    @Test
    void notFoundNamesRepositoryRevisionAndFile() {
        var missing = new ModelReference.HuggingFace("acme", "tiny-GGUF", "v2", "nope.gguf");
        assertThatThrownBy(() -> downloader().download(missing))
                .isInstanceOfSatisfying(ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("file 'nope.gguf' in repository acme/tiny-GGUF at revision 'v2' (HTTP 404)");
    }

    @Test
    void unauthorizedSaysGatedAndHfToken() {
        hub.requiredToken = "secret";
        assertThatThrownBy(() -> downloader().download(REF))
                .isInstanceOfSatisfying(ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNAUTHORIZED))
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("gated")
                .hasMessageContaining("set HF_TOKEN");
        assertThat(hub.lastAuthorization).isNull();
    }

    @Test
    void sendsHfTokenAsBearer() throws IOException {
        hub.requiredToken = "secret";
        Path file = downloader(hub.endpoint(), Optional.of("secret")).download(REF);
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(hub.lastAuthorization).isEqualTo("Bearer secret");
    }

    @Test
    void closedPortIsReportedAsUnreachableWithTheLocalFileHint() throws IOException {
        assertThatThrownBy(() -> downloader(closedPort(), Optional.empty()).download(REF))
                .isInstanceOfSatisfying(ModelDownloadException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
                    assertThat(e.networkUnavailable()).isTrue();
                })
                .hasMessageContaining("Could not reach 127.0.0.1:")
                .hasMessageContaining("--model /path/to/model.gguf");
    }

    @Test
    void unwritableCacheIsALocalFailure() throws IOException {
        Files.writeString(cacheRoot.resolve("acme"), "a file where a directory should be");
        assertThatThrownBy(() -> downloader().download(REF))
                .isInstanceOfSatisfying(ModelDownloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LOCAL_IO))
                .hasMessageContaining("Could not create the cache directory")
                .hasMessageContaining("OSPREY_HOME");
    }

    @Test
    void urlEscapesSegmentsAndHonoursHfEndpoint() {
        var d = HuggingFaceDownloader.fromEnvironment(Map.of("HF_ENDPOINT", "https://mirror.example/hf/"),
                new ModelCache(cacheRoot), System.err);
        assertThat(d.resolveUrl(new ModelReference.HuggingFace("a", "b", "main", "dir/x y.gguf")))
                .hasToString("https://mirror.example/hf/a/b/resolve/main/dir/x%20y.gguf");
        assertThat(HuggingFaceDownloader.fromEnvironment(Map.of(), new ModelCache(cacheRoot), System.err).endpoint())
                .isEqualTo(HuggingFaceDownloader.DEFAULT_ENDPOINT);
    }

    @Test
    void etagsAreNormalised() {
        assertThat(HuggingFaceDownloader.normalizeEtag("W/\"ABC\"")).isEqualTo("abc");
        assertThat(HuggingFaceDownloader.normalizeEtag("\"abc\"")).isEqualTo("abc");
    }

    static URI closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
