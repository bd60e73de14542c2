package dev.osprey.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.standalone.model.BundledModel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * A streaming client that stops reading: back-pressure reaches the engine through the socket, the
 * gateway's SSE writer, its gRPC call and the inference service's bounded stream buffer; the generation
 * pauses instead of being buffered whole somewhere, and once the client has been stalled past the stall
 * timeout the generation is cancelled and its KV blocks freed.
 */
@Tag("slow")
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowReaderEndToEndTest {
    private static final int MAX_TOKENS = 1800;
    private static final int CHOICES = 8;
    /** Tokens per KV block (the inference service's default). */
    private static final int BLOCK_SIZE = 16;

    @TempDir
    static Path home;
    RunningStack osprey;

    @BeforeAll
    void start() {
        Path file = new BundledModel(home.resolve("models")).extract();
        osprey = RunningStack.start(file, home, false, Map.of(
                "osprey.inference.stream.max-buffered-events", "8",
                "osprey.inference.stream.stall-timeout", "6s"));
    }

    @AfterAll
    void stop() {
        if (osprey != null) {
            osprey.close();
        }
    }

    @Test
    void aStalledStreamPausesThenIsCancelledAndFreesItsKvBlocks() throws Exception {
        // CHOICES streams of chunks with 20 alternatives each (~2 KB a token): tens of megabytes in all, more than
        // the socket buffers and gRPC's flow-control windows between the services hold.
        String body = "{\"model\":\"" + osprey.stack.modelName() + "\",\"stream\":true,\"n\":" + CHOICES
                + ",\"max_tokens\":" + MAX_TOKENS
                + ",\"ignore_eos\":true,\"logprobs\":true,\"top_logprobs\":20,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a long story.\"}]}";
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", osprey.stack.port()), 5000);
            OutputStream out = socket.getOutputStream();
            byte[] json = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            // From here on the client reads nothing.

            awaitKvBlocks(used -> used > 0, Duration.ofSeconds(30), "the stream to start");
            double paused = awaitSteadyKvBlocks();
            int wholeAnswer = CHOICES * MAX_TOKENS / BLOCK_SIZE;
            assertThat(paused).as("KV blocks of a generation paused part-way (the whole answer needs about %d)",
                    wholeAnswer).isPositive().isLessThan(wholeAnswer);

            awaitKvBlocks(used -> used == 0, Duration.ofSeconds(30), "the stall timeout to cancel the generation");
        }
    }

    /** Waits until the KV blocks in use stop growing for a second (the generation is paused), and returns them. */
    private double awaitSteadyKvBlocks() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double last = osprey.metric("osprey_kv_blocks_used");
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            double now = osprey.metric("osprey_kv_blocks_used");
            if (now == last) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the generation never paused: " + last + " KV blocks and growing");
    }

    private void awaitKvBlocks(java.util.function.DoublePredicate condition, Duration timeout, String what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double used = osprey.metric("osprey_kv_blocks_used");
        while (!condition.test(used) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            used = osprey.metric("osprey_kv_blocks_used");
        }
        assertThat(condition.test(used)).as("waiting for " + what + ": osprey_kv_blocks_used = " + used).isTrue();
    }

}
