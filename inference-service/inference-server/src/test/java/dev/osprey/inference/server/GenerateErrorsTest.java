package dev.osprey.inference.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static dev.osprey.inference.server.InProcessInferenceServer.await;
import static dev.osprey.inference.server.InProcessInferenceServer.greedy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.api.v1.CancelRequest;
import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.engine.serve.EngineConfig;
import dev.osprey.inference.server.StreamObservers.RecordingCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How Generate ends when it cannot run, is cancelled or runs out of time. */
class GenerateErrorsTest {
    private static InProcessInferenceServer server;

    @BeforeAll
    static void start() {
        server = new InProcessInferenceServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Generates until cancelled: the whole context, end-of-story tokens ignored. */
    private static GenerateRequest.Builder endless() {
        return greedy("Once upon a time", 500).setIgnoreEos(true);
    }

    @Test
    void invalidSamplingIsInvalidArgumentNamingTheField() {
        String message = failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy("Once", 8).setTopP(2).build()));
        assertThat(message).contains("top_p");

        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy("Once", 8).setTemperature(-1).build()))).contains("temperature");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy("Once", 8).setLogprobs(21).build()))).contains("logprobs");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy("Once", 0).build()))).contains("max_tokens");
    }

    @Test
    void logitBiasOutOfRangeOrOutsideTheVocabularyIsInvalidArgumentNamingTheEntry() {
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy("Once", 4).putLogitBias(7, 150f).build())))
                .isEqualTo("logit_bias[7] must be a finite number in [-100, 100], got 150.0");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy("Once", 4).putLogitBias(7, Float.NaN).build())))
                .isEqualTo("logit_bias[7] must be a finite number in [-100, 100], got NaN");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy("Once", 4).putLogitBias(3, 1f).putLogitBias(600, 5f).build())))
                .isEqualTo("logit_bias[600] = 5.0: token id 600 is outside the model's vocabulary [0, 512)");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy("Once", 4).putLogitBias(-1, 5f).build())))
                .contains("logit_bias[4294967295]", "outside the model's vocabulary");
        GenerateRequest.Builder tooMany = greedy("Once", 4);
        for (int id = 0; id < 301; id++) {
            tooMany.putLogitBias(id, 1f);
        }
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.generate(tooMany.build())))
                .isEqualTo("logit_bias may hold at most 300 entries, got 301");
    }

    @Test
    void aTokenIdOutsideTheVocabularyIsInvalidArgument() {
        String message = failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy(new int[] {1, 600, 5}, 8).build()));
        assertThat(message).contains("token_ids[1]", "600", "512");
    }

    @Test
    void promptsTheEngineRefusesAreInvalidArgument() {
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy(new int[0], 8).build()))).contains("token_ids is empty");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(GenerateRequest.newBuilder().setMaxTokens(8).build()))).contains("prompt");
        int[] tooLong = new int[server.served().model().config().contextLength()];
        java.util.Arrays.fill(tooLong, 1);
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT,
                () -> server.generate(greedy(tooLong, 8).build()))).contains("context");
    }

    @Test
    void anUnknownModelIsNotFound() {
        assertThat(failsWith(Status.Code.NOT_FOUND,
                () -> server.generate(greedy("Once", 8).setModel("gpt-5").build()))).contains("stories260K");
        assertThat(server.generate(greedy("Once", 4).setModel(InProcessInferenceServer.MODEL_NAME).build()).ids())
                .hasSize(4);
    }

    @Test
    void aClientCancelStopsTheGenerationAndFreesItsBlocks() throws Exception {
        RecordingCall call = RecordingCall.start(server.asyncStub(), endless().setRequestId("to-cancel").build());
        assertThat(call.firstToken.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.engine().stats().kvBlocksUsed()).isPositive();

        call.cancel();

        assertThat(await(() -> !server.engine().cancel("to-cancel"), Duration.ofSeconds(5))).as("no longer live").isTrue();
        assertThat(blocksFreedAfterOneMoreStep()).as("blocks freed: %s", server.engine().stats()).isTrue();
    }

    @Test
    void statsShowTheBlocksOfACancelledRequestFreedWithoutAnotherRequest() throws Exception {
        RecordingCall call = RecordingCall.start(server.asyncStub(), endless().build());
        assertThat(call.firstToken.await(30, TimeUnit.SECONDS)).isTrue();

        call.cancel();

        assertThat(await(() -> server.engine().stats().kvBlocksUsed() == 0 && server.engine().stats().running() == 0,
                Duration.ofSeconds(5))).as("blocks freed: %s", server.engine().stats()).isTrue();
    }

    /**
     * Runs a one-token request: the engine's stats are published after each step, so once that request's
     * step ran, they show whether every earlier request's blocks were freed.
     */
    private static boolean blocksFreedAfterOneMoreStep() {
        long steps = server.engine().stats().steps();
        server.generate(greedy("Once", 1).build());
        return await(() -> server.engine().stats().steps() > steps && server.engine().stats().kvBlocksUsed() == 0
                && server.engine().stats().running() == 0, Duration.ofSeconds(5));
    }

    @Test
    void theCancelRpcEndsTheStreamWithACancelledFinalEvent() throws Exception {
        RecordingCall call = RecordingCall.start(server.asyncStub(), endless().setRequestId("cancel-by-id").build());
        assertThat(call.firstToken.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(server.stub().cancel(CancelRequest.newBuilder().setRequestId("cancel-by-id").build()).getFound()).isTrue();

        List<GenerateEvent> events = call.done.get(30, TimeUnit.SECONDS);
        assertThat(events.getLast().getFinal().getFinishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(events.getLast().getFinal().getRequestId()).isEqualTo("cancel-by-id");
        assertThat(server.stub().cancel(CancelRequest.newBuilder().setRequestId("cancel-by-id").build()).getFound()).isFalse();
    }

    /**
     * 20 ms: the flash-attention engine generates the 500 tokens stories260K's context allows in about 100 ms on two
     * cores, so a longer deadline could be outlived; a shorter one that fires before the first step ends the same way.
     */
    @Test
    void aShortDeadlineEndsWithDeadlineExceeded() {
        failsWith(Status.Code.DEADLINE_EXCEEDED, () -> InProcessInferenceServer.collect(
                server.stub().withDeadlineAfter(20, TimeUnit.MILLISECONDS).generate(endless().build())));
        assertThat(blocksFreedAfterOneMoreStep()).as("engine request ended: %s", server.engine().stats()).isTrue();
    }

    @Test
    void aFullWaitingQueueIsResourceExhaustedWithARetryHint() throws Exception {
        EngineConfig oneRunningOneWaiting = EngineConfig.defaults().withKvBudgetBytes(16L << 20)
                .withMaxRunningSequences(1).withMaxWaitingRequests(1);
        try (InProcessInferenceServer small = new InProcessInferenceServer(oneRunningOneWaiting)) {
            RecordingCall running = RecordingCall.start(small.asyncStub(), endless().build());
            assertThat(running.firstToken.await(30, TimeUnit.SECONDS)).isTrue();
            RecordingCall waiting = RecordingCall.start(small.asyncStub(), endless().build());
            assertThat(await(() -> small.engine().stats().waiting() == 1, Duration.ofSeconds(5))).isTrue();

            assertThatThrownBy(() -> small.generate(greedy("Once", 8).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        String retry = e.getTrailers().get(InferenceGrpcService.RETRY_AFTER_MS);
                        assertThat(retry).isNotNull();
                        assertThat(Long.parseLong(retry)).isPositive();
                        assertThat(e.getStatus().getDescription()).contains("retry after " + retry + " ms");
                    });

            running.cancel();
            waiting.cancel();
            assertThatThrownBy(() -> running.done.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void withNoWaitingRoomAnIdleEngineStillRunsARequest() {
        try (InProcessInferenceServer noQueue = new InProcessInferenceServer(
                EngineConfig.defaults().withKvBudgetBytes(16L << 20).withMaxWaitingRequests(0))) {
            assertThat(noQueue.generate(greedy("Once", 4).build()).ids()).hasSize(4);
        }
    }
}
