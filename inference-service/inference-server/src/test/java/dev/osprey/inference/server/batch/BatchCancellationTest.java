package dev.osprey.inference.server.batch;

import static dev.osprey.inference.server.batch.BatchKafka.greedy;
import static dev.osprey.inference.server.batch.BatchKafka.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.BatchRequestRecord;
import dev.osprey.api.v1.BatchResultRecord;
import dev.osprey.engine.serve.EngineConfig;
import dev.osprey.engine.serve.GenerationObserver;
import dev.osprey.engine.serve.GenerationOutcome;
import dev.osprey.engine.serve.Priority;
import dev.osprey.engine.serve.StreamedToken;
import dev.osprey.inference.server.RequestMapping;
import dev.osprey.inference.server.ServedModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A control record cancels a batch: its queued records and its requests in the engine end as batch_cancelled. */
class BatchCancellationTest {

    @TempDir
    Path dir;

    /**
     * Keeps the engine's only running slot busy with interactive requests, one after the other, so batch
     * requests stay waiting in the engine until {@link #stop}.
     */
    private static final class Blocker implements GenerationObserver {
        private final ServedModel served;
        private final AtomicBoolean on = new AtomicBoolean(true);
        private final AtomicInteger runs = new AtomicInteger();

        Blocker(ServedModel served) {
            this.served = served;
        }

        void submit() {
            served.engine().submit(RequestMapping.generation(greedy("Once upon a time", 200).setIgnoreEos(true).build(),
                    served, "blocker-" + runs.incrementAndGet(), Priority.INTERACTIVE, null), this);
        }

        void stop() {
            on.set(false);
        }

        @Override
        public void onToken(StreamedToken token) {
        }

        @Override
        public void onComplete(GenerationOutcome outcome) {
            if (on.get()) {
                submit();
            }
        }
    }

    @Test
    void aCancelledBatchEndsItsQueuedAndRunningRequestsAndLeavesOtherBatchesAlone() throws Exception {
        EngineConfig oneAtATime = EngineConfig.defaults().withKvBudgetBytes(16L << 20).withMaxRunningSequences(1);
        try (BatchKafka kafka = new BatchKafka(dir.resolve("kafka")); ServedModel served = BatchTestModel.start(oneAtATime)) {
            BatchKafka.Topics topics = kafka.topics("cancel");
            List<BatchRequestRecord> requests = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                requests.add(request("batch-x", "req-" + i, i + 1, greedy("Once upon a time " + i, 16)));
            }
            Blocker blocker = new Blocker(served);
            blocker.submit();
            kafka.send(topics, requests);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (BatchWorker worker = BatchWorker.start(kafka.properties(topics, "group-x", 2, Map.of()), served, registry,
                    "test-worker")) {
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (worker.slotsUsed() < 2 || served.engine().stats().waiting() < 2) {
                    assertThat(System.nanoTime() - end).as("two batch requests wait in the engine").isNegative();
                    Thread.sleep(5);
                }
                kafka.cancel(topics, "batch-x");
                List<BatchResultRecord> cancelled = kafka.awaitResults(topics, r -> r.size() >= 12, Duration.ofSeconds(30));
                blocker.stop();

                assertThat(cancelled).hasSize(12);
                assertThat(cancelled).allSatisfy(r -> assertThat(r.getError().getCode()).isEqualTo("batch_cancelled"));
                assertThat(cancelled.stream().map(BatchResultRecord::getCustomId).distinct()).hasSize(12);
                assertThat(cancelled).filteredOn(r -> r.getError().getMessage().contains("while this request ran"))
                        .as("the two requests in the engine were cancelled there").hasSize(2);
                assertThat(registry.get("osprey.batch.requests").tag("outcome", "cancelled").counter().count())
                        .isEqualTo(12);

                kafka.send(topics, List.of(request("batch-y", "after", 1, greedy("Lily and Ben", 8))));
                Map<String, BatchResultRecord> all = kafka.awaitResults(topics, r -> r.size() >= 13, Duration.ofSeconds(60))
                        .stream().collect(Collectors.toMap(BatchResultRecord::getCustomId, Function.identity()));
                assertThat(all.get("after").getGeneration().getText())
                        .isEqualTo(EngineAlone.text(served, greedy("Lily and Ben", 8).build()));
            }
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (served.engine().stats().running() + served.engine().stats().waiting() > 0) {
                assertThat(System.nanoTime() - end).as("the engine empties").isNegative();
                Thread.sleep(5);
            }
            assertThat(served.engine().isLive("batch-x/req-0")).isFalse();
        }
    }
}
