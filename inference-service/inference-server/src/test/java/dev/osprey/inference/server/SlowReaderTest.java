package dev.osprey.inference.server;

import static dev.osprey.inference.server.InProcessInferenceServer.await;
import static dev.osprey.inference.server.InProcessInferenceServer.greedy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.engine.EngineOptions;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Generate client that stops reading, through a real (in-process) gRPC call with manual flow control:
 * the server holds back at most {@link #BUFFERED} events, pauses the generation, and cancels it after the
 * stall timeout; a reader that resumes in time gets every token once, in order.
 */
class SlowReaderTest {
    private static final int BUFFERED = 8;
    private static final Duration STALL = Duration.ofMillis(1500);

    private static InProcessInferenceServer server() {
        return new InProcessInferenceServer(ServedModel.start(InProcessInferenceServer.MODEL_NAME,
                InProcessInferenceServer.modelPath(), EngineOptions.defaults().withThreads(2),
                InProcessInferenceServer.defaultConfig()), new StreamLimits(BUFFERED, STALL));
    }

    /** A Generate call that asks gRPC for {@code initial} messages and then only when told to. */
    private static final class ManualReader extends ClientCall.Listener<GenerateEvent> {
        final List<GenerateEvent> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<Status> closed = new CompletableFuture<>();
        final ClientCall<GenerateRequest, GenerateEvent> call;

        ManualReader(InProcessInferenceServer server, GenerateRequest request, int initial) {
            call = server.channel().newCall(InferenceGrpc.getGenerateMethod(), CallOptions.DEFAULT.withDeadlineAfter(60,
                    TimeUnit.SECONDS));
            call.start(this, new Metadata());
            call.request(initial);
            call.sendMessage(request);
            call.halfClose();
        }

        @Override
        public void onMessage(GenerateEvent message) {
            events.add(message);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
        }
    }

    /** Tokens the engine has handed to Generate streams so far: one latency sample each. */
    private static long tokensProduced(InProcessInferenceServer server) {
        Timer first = server.registry().find("osprey.generation.ttft").timer();
        Timer next = server.registry().find("osprey.generation.itl").timer();
        return (first == null ? 0 : first.count()) + (next == null ? 0 : next.count());
    }

    @Test
    void aReaderThatStopsIsHeldToTheBufferThenCancelledAndItsBlocksFreed() throws Exception {
        try (InProcessInferenceServer server = server()) {
            GenerateRequest endless = greedy("Once upon a time", 400).setIgnoreEos(true).setRequestId("stalled").build();
            long start = System.nanoTime();
            ManualReader reader = new ManualReader(server, endless, 1);

            assertThat(await(() -> tokensProduced(server) == 1 + BUFFERED, Duration.ofSeconds(10)))
                    .as("one token sent and %d held: %d", BUFFERED, tokensProduced(server)).isTrue();
            Thread.sleep(300);
            assertThat(tokensProduced(server)).as("paused: nothing more produced").isEqualTo(1 + BUFFERED);
            assertThat(reader.events).hasSize(1);
            assertThat(server.engine().isLive("stalled")).isTrue();
            assertThat(server.engine().stats().kvBlocksUsed()).as("a paused request keeps its blocks").isPositive();

            Status status = reader.closed.get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(STALL);
            assertThat(status.getCode()).isEqualTo(Status.Code.CANCELLED);
            assertThat(status.getDescription()).isEqualTo("request stalled: the client stopped reading for 1500 ms with "
                    + BUFFERED + " events unsent; the generation was cancelled");
            assertThat(await(() -> !server.engine().isLive("stalled") && server.engine().stats().kvBlocksUsed() == 0
                    && server.engine().stats().running() == 0, Duration.ofSeconds(5)))
                    .as("blocks freed: %s", server.engine().stats()).isTrue();
            assertThat(tokensProduced(server)).isEqualTo(1 + BUFFERED);
        }
    }

    @Test
    void aReaderThatResumesBeforeTheTimeoutGetsEveryTokenOnceInOrder() throws Exception {
        try (InProcessInferenceServer server = server()) {
            GenerateRequest request = greedy("Once upon a time", 60).setIgnoreEos(true).build();
            List<Integer> expected = server.generate(request).ids();
            long before = tokensProduced(server);

            ManualReader reader = new ManualReader(server, request, 1);
            assertThat(await(() -> tokensProduced(server) - before == 1 + BUFFERED, Duration.ofSeconds(10))).isTrue();
            Thread.sleep(300);
            assertThat(tokensProduced(server) - before).as("paused").isEqualTo(1 + BUFFERED);

            reader.call.request(Integer.MAX_VALUE);

            assertThat(reader.closed.get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
            List<GenerateEvent> events = reader.events;
            assertThat(events.stream().filter(GenerateEvent::hasToken).map(e -> e.getToken().getId()).toList())
                    .isEqualTo(expected);
            assertThat(events.getLast().getFinal().getFinishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(events.getLast().getFinal().getUsage().getCompletionTokens()).isEqualTo(60);
            assertThat(events.stream().filter(GenerateEvent::hasFinal).count()).isEqualTo(1);
        }
    }
}
