package dev.osprey.inference.server;

import static dev.osprey.inference.server.InProcessInferenceServer.greedy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.Priority;
import dev.osprey.engine.kv.KvStorage;
import dev.osprey.inference.server.InProcessInferenceServer.Generation;
import dev.osprey.inference.server.StreamObservers.RecordingCall;
import dev.osprey.engine.serve.EngineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Continuous batching seen from the wire: concurrent and preempted streams give the tokens they give alone. */
class ConcurrentGenerateTest {

    private static Generation collect(RecordingCall call) throws Exception {
        List<GenerateEvent> events = call.done.get(60, TimeUnit.SECONDS);
        return InProcessInferenceServer.collect(events.iterator());
    }

    @Test
    void concurrentStreamsProduceTheTokensEachProducesAlone() throws Exception {
        try (InProcessInferenceServer server = new InProcessInferenceServer()) {
            List<GenerateRequest> requests = List.of(
                    greedy("Once upon a time", 48).setIgnoreEos(true).build(),
                    greedy("Lily and Ben went to the park", 40).setIgnoreEos(true).build(),
                    greedy("The big red ball", 32).setIgnoreEos(true).build(),
                    greedy("One day, a little dog", 44).setIgnoreEos(true).build());
            List<Generation> alone = new ArrayList<>();
            for (GenerateRequest request : requests) {
                alone.add(server.generate(request));
            }

            List<RecordingCall> calls = new ArrayList<>();
            for (GenerateRequest request : requests) {
                calls.add(RecordingCall.start(server.asyncStub(), request));
            }
            for (int i = 0; i < requests.size(); i++) {
                Generation together = collect(calls.get(i));
                assertThat(together.ids()).as("request %d", i).isEqualTo(alone.get(i).ids());
                assertThat(together.text()).as("request %d", i).isEqualTo(alone.get(i).text());
            }
            assertThat(server.engine().stats().steps()).isPositive();
        }
    }

    @Test
    void anInteractiveRequestPreemptsABatchRequestAndBothKeepTheirTokens() throws Exception {
        // 4 blocks of 64 tokens; each request (65-token prompt, 63 new tokens) holds 2 blocks from its
        // prefill to its end, so two BATCH requests fill the cache and the INTERACTIVE one must preempt.
        int blockSize = 64;
        EngineConfig probe = EngineConfig.defaults().withBlockSize(blockSize);
        long bytesPerBlock;
        try (InProcessInferenceServer sizing = new InProcessInferenceServer(probe.withKvBudgetBytes(64L << 20))) {
            bytesPerBlock = KvStorage.bytesPerBlock(sizing.served().model().kvShape(), blockSize);
        }
        try (InProcessInferenceServer server = new InProcessInferenceServer(
                probe.withKvBudgetBytes(4 * bytesPerBlock).withContextTokens(2 * blockSize))) {
            assertThat(server.engine().stats().kvBlocksTotal()).isEqualTo(4);
            GenerateRequest batch1 = greedy(prompt(3), 63).setIgnoreEos(true).setPriority(Priority.BATCH)
                    .setCacheNamespace("b1").build();
            GenerateRequest batch2 = greedy(prompt(5), 63).setIgnoreEos(true).setPriority(Priority.BATCH)
                    .setCacheNamespace("b2").build();
            GenerateRequest interactive = greedy(prompt(7), 63).setIgnoreEos(true).setPriority(Priority.INTERACTIVE)
                    .setCacheNamespace("i").build();
            Generation alone1 = server.generate(batch1);
            Generation alone2 = server.generate(batch2);
            Generation aloneI = server.generate(interactive);
            assertThat(server.engine().stats().preemptions()).isZero();

            RecordingCall b1 = RecordingCall.start(server.asyncStub(), batch1);
            RecordingCall b2 = RecordingCall.start(server.asyncStub(), batch2);
            assertThat(InProcessInferenceServer.await(() -> server.engine().stats().kvBlocksUsed() == 4,
                    java.time.Duration.ofSeconds(10))).as("both batch requests hold 2 blocks").isTrue();
            RecordingCall i = RecordingCall.start(server.asyncStub(), interactive);

            Generation together1 = collect(b1);
            Generation together2 = collect(b2);
            Generation togetherI = collect(i);
            assertThat(server.engine().stats().preemptions()).isPositive();
            assertThat(together1.end().getPreemptions() + together2.end().getPreemptions()).isPositive();
            assertThat(togetherI.end().getPreemptions()).isZero();
            assertThat(togetherI.ids()).isEqualTo(aloneI.ids());
            assertThat(together1.ids()).isEqualTo(alone1.ids());
            assertThat(together2.ids()).isEqualTo(alone2.ids());
            assertThat(InProcessInferenceServer.await(() -> server.engine().stats().kvBlocksUsed() == 0,
                    java.time.Duration.ofSeconds(5))).isTrue();
        }
    }

    /** A 65-token prompt: BOS then a fixed pattern of ids in the 512-token vocabulary. */
    private static int[] prompt(int stride) {
        int[] ids = new int[65];
        ids[0] = 1;
        for (int k = 1; k < ids.length; k++) {
            ids[k] = 3 + (k * stride * 37) % 500;
        }
        return ids;
    }
}
