package dev.osprey.inference.server;

import static dev.osprey.inference.server.InProcessInferenceServer.await;
import static dev.osprey.inference.server.InProcessInferenceServer.greedy;
import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.engine.serve.ForwardPass;
import dev.osprey.inference.server.InProcessInferenceServer.Generation;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Engine failures as clients see them: INTERNAL for the request that failed, UNAVAILABLE and NOT_SERVING for a dead engine. */
class EngineFailuresRpcTest {
    /** Any request whose prompt holds this id gets NaN logits; stories260K's vocabulary is 512. */
    private static final int MARKER = 511;

    @Test
    void nanLogitsFailThatRequestWithInternalAndTheOthersAndTheNextOneRun() throws Exception {
        Generation expected;
        try (InProcessInferenceServer plain = new InProcessInferenceServer()) {
            expected = plain.generate(greedy("Once upon a time", 40).setIgnoreEos(true).build());
        }
        try (InProcessInferenceServer server = new InProcessInferenceServer(InProcessInferenceServer.servedWith(
                InProcessInferenceServer.defaultConfig(), model -> batch -> {
                    float[] logits = model.forward(batch);
                    int vocab = model.config().vocabSize();
                    for (int o = 0; o < batch.outputs().length; o++) {
                        if (batch.tokens()[batch.outputs()[o]] == MARKER) {
                            Arrays.fill(logits, o * vocab, (o + 1) * vocab, Float.NaN);
                        }
                    }
                    return logits;
                }), StreamLimits.DEFAULTS)) {
            StreamObservers.RecordingCall clean = StreamObservers.RecordingCall.start(server.asyncStub(),
                    greedy("Once upon a time", 40).setIgnoreEos(true).build());
            String message = failsWith(Status.Code.INTERNAL,
                    () -> server.generate(greedy(new int[] {1, 400, MARKER}, 8).setRequestId("poisoned").build()));
            assertThat(message).startsWith("request poisoned: sampling failed: logit of token 0 is NaN");

            var events = clean.done.get(30, TimeUnit.SECONDS);
            assertThat(events.stream().filter(e -> e.hasToken()).map(e -> e.getToken().getId()).toList())
                    .isEqualTo(expected.ids());
            assertThat(events.getLast().getFinal().getFinishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(server.generate(greedy("Once upon a time", 40).setIgnoreEos(true).build()).ids())
                    .isEqualTo(expected.ids());
            assertThat(server.health(InferenceGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.SERVING);
        }
    }

    @Test
    void aDeadEngineTurnsHealthNotServingAndRefusesRequestsAtOnce() throws Exception {
        AtomicBoolean die = new AtomicBoolean();
        try (InProcessInferenceServer server = new InProcessInferenceServer(InProcessInferenceServer.servedWith(
                InProcessInferenceServer.defaultConfig(), model -> (ForwardPass) batch -> {
                    if (die.get()) {
                        throw new OutOfMemoryError("injected: no memory for activations");
                    }
                    return model.forward(batch);
                }), StreamLimits.DEFAULTS)) {
            assertThat(server.health(InferenceGrpc.SERVICE_NAME)).isEqualTo(ServingStatus.SERVING);
            StreamObservers.RecordingCall live = StreamObservers.RecordingCall.start(server.asyncStub(),
                    greedy("Once upon a time", 400).setIgnoreEos(true).build());
            assertThat(live.firstToken.await(30, TimeUnit.SECONDS)).isTrue();

            die.set(true);

            assertThat(await(() -> server.health(InferenceGrpc.SERVICE_NAME) == ServingStatus.NOT_SERVING,
                    Duration.ofSeconds(10))).isTrue();
            assertThat(server.health("")).isEqualTo(ServingStatus.NOT_SERVING);
            ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> live.done.get(10, TimeUnit.SECONDS));
            assertThat(Status.fromThrowable(failed.getCause()).getCode()).isEqualTo(Status.Code.INTERNAL);
            assertThat(Status.fromThrowable(failed.getCause()).getDescription())
                    .contains("the inference engine stopped: injected: no memory for activations");

            long start = System.nanoTime();
            String refused = failsWith(Status.Code.UNAVAILABLE, () -> server.generate(greedy("Once", 4).build()));
            assertThat(refused).contains("the inference engine stopped after a failure (injected: no memory for activations)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused, not queued").isLessThan(Duration.ofSeconds(5));
        }
    }
}
