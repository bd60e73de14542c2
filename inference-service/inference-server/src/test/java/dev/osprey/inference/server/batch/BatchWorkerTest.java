package dev.osprey.inference.server.batch;

import static dev.osprey.inference.server.batch.BatchKafka.greedy;
import static dev.osprey.inference.server.batch.BatchKafka.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.BatchRequestRecord;
import dev.osprey.api.v1.BatchResultRecord;
import dev.osprey.api.v1.FinishReason;
import dev.osprey.inference.server.ServedModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch worker against an embedded broker and the real engine on stories260K. */
class BatchWorkerTest {
    private static final Duration RESULTS_WITHIN = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private static BatchKafka kafka;
    private static ServedModel served;

    @BeforeAll
    static void start() {
        kafka = new BatchKafka(dir.resolve("kafka"));
        served = BatchTestModel.start();
    }

    @AfterAll
    static void stop() {
        served.close();
        kafka.close();
    }

    private static Map<String, BatchResultRecord> byCustomId(List<BatchResultRecord> results) {
        return results.stream().collect(Collectors.toMap(BatchResultRecord::getCustomId, Function.identity(), (a, b) -> a));
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void everyRequestOfABatchGetsTheResultTheEngineGivesAloneAndItsOffsetIsCommitted() throws Exception {
        BatchKafka.Topics topics = kafka.topics("all");
        List<String> prompts = BatchTestModel.prompts(60);
        List<BatchRequestRecord> requests = new ArrayList<>();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            // Interactive on the wire: the worker must run it at BATCH priority anyway.
            BatchRequestRecord r = request("batch-a", "req-" + i, i + 1,
                    greedy(prompts.get(i), 8 + i % 17).setIgnoreEos(i % 3 == 0));
            requests.add(r.toBuilder().setGenerate(r.getGenerate().toBuilder()
                    .setPriority(dev.osprey.api.v1.Priority.INTERACTIVE)).build());
            expected.put("req-" + i, EngineAlone.text(served, r.getGenerate()));
        }
        kafka.send(topics, requests);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (BatchWorker worker = BatchWorker.start(kafka.properties(topics, "group-a", 8, Map.of()), served, registry,
                "test-worker")) {
            List<BatchResultRecord> results = kafka.awaitResults(topics, r -> byCustomId(r).size() == 60, RESULTS_WITHIN);
            Map<String, BatchResultRecord> byId = byCustomId(results);
            assertThat(byId.keySet()).isEqualTo(expected.keySet());
            for (int i = 0; i < prompts.size(); i++) {
                BatchResultRecord result = byId.get("req-" + i);
                assertThat(result.hasGeneration()).as("req-%d: %s", i, result).isTrue();
                assertThat(result.getGeneration().getText()).as("req-%d", i).isEqualTo(expected.get("req-" + i));
                assertThat(result.getGeneration().getFinishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
                assertThat(result.getGeneration().getUsage().getCompletionTokens()).isBetween(1, 8 + i % 17);
                assertThat(result.getBatchId()).isEqualTo("batch-a");
                assertThat(result.getLine()).isEqualTo(i + 1);
                assertThat(result.getUrl()).isEqualTo("/v1/completions");
                assertThat(result.getWorker()).isEqualTo("test-worker");
            }
            assertThat(results).as("one result per request in a run without failures").hasSize(60);
            assertThat(await(() -> kafka.committedToEnd(topics, "group-a"), Duration.ofSeconds(10)))
                    .as("offsets committed to the end while the worker runs").isTrue();
            assertThat(registry.get("osprey.batch.requests").tag("outcome", "completed").counter().count()).isEqualTo(60);
            assertThat(registry.get("osprey.batch.slots.total").gauge().value()).isEqualTo(8);
            // records-lag-max is the highest lag over Kafka's 2 x 30 s sample windows: the first polls saw the backlog.
            assertThat(registry.get("osprey.batch.consumer.lag").gauge().value()).as("records-lag-max").isPositive();
            assertThat(worker.slotsUsed()).isZero();
        }
        assertThat(registry.find("osprey.batch.slots.used").gauge()).as("meters removed on close").isNull();
    }

    @Test
    void withTwoSlotsNoMoreThanTwoRequestsAreInTheEngineAndTheConsumerKeepsItsPartitions() throws Exception {
        BatchKafka.Topics topics = kafka.topics("pressure");
        List<String> prompts = BatchTestModel.prompts(24);
        List<BatchRequestRecord> requests = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            requests.add(request("batch-p" + i % 2, "req-" + i, i + 1, greedy(prompts.get(i), 120).setIgnoreEos(true)));
        }
        kafka.send(topics, requests);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger maxInEngine = new AtomicInteger();
        AtomicInteger maxSlots = new AtomicInteger();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (sampling.get()) {
                var stats = served.engine().stats();
                maxInEngine.accumulateAndGet(stats.running() + stats.waiting(), Math::max);
                registry.find("osprey.batch.slots.used").gauges()
                        .forEach(g -> maxSlots.accumulateAndGet((int) g.value(), Math::max));
                Thread.onSpinWait();
            }
        });
        // A member that stopped polling for 1 s while paused would be expelled from the group (and revoked).
        Map<String, String> client = Map.of("max.poll.interval.ms", "1000");
        long start = System.nanoTime();
        try (BatchWorker worker = BatchWorker.start(kafka.properties(topics, "group-p", 2, client), served, registry,
                "test-worker")) {
            List<BatchResultRecord> results = kafka.awaitResults(topics, r -> byCustomId(r).size() == 24, RESULTS_WITHIN);
            assertThat(byCustomId(results)).hasSize(24);
            assertThat(results).allMatch(BatchResultRecord::hasGeneration);
            assertThat(await(() -> kafka.committedToEnd(topics, "group-p"), Duration.ofSeconds(10))).isTrue();
        } finally {
            sampling.set(false);
            sampler.join();
        }
        assertThat(maxInEngine.get()).as("requests in the engine at once").isEqualTo(2);
        assertThat(maxSlots.get()).as("osprey.batch.slots.used at its highest").isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the run outlasts max.poll.interval.ms")
                .isGreaterThan(Duration.ofSeconds(1));
        assertThat(registry.find("osprey.batch.partitions.revoked").counter()).isNull();
    }

    @Test
    void unreadableRecordsAreSkippedOrAnsweredAndTheWorkerGoesOn() throws Exception {
        BatchKafka.Topics topics = kafka.topics("malformed");
        // A length-delimited field 1 of 5 bytes with 1 present: not a BatchRequestRecord.
        kafka.sendRaw(topics, "batch-m", new byte[] {0x0A, 0x05, 'a'});
        kafka.send(topics, List.of(
                BatchRequestRecord.newBuilder().setBatchId("batch-m").setLine(2)
                        .setGenerate(greedy("Once", 4)).build(),  // no custom_id: skipped
                request("batch-m", "no-prompt", 3, dev.osprey.api.v1.GenerateRequest.newBuilder().setMaxTokens(4)),
                request("batch-m", "bad-top-p", 4, greedy("Once", 4).setTopP(2)),
                request("batch-m", "other-model", 5, greedy("Once", 4).setModel("gpt-5")),
                request("batch-m", "ok-1", 6, greedy("Once upon a time", 6)),
                request("batch-m", "ok-2", 7, greedy("Lily and Ben", 6))));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BatchWorker worker = BatchWorker.start(kafka.properties(topics, "group-m", 4, Map.of()), served, registry,
                "test-worker")) {
            Map<String, BatchResultRecord> results = byCustomId(kafka.awaitResults(topics,
                    r -> byCustomId(r).size() == 5, RESULTS_WITHIN));
            assertThat(results.keySet()).containsExactlyInAnyOrder("no-prompt", "bad-top-p", "other-model", "ok-1", "ok-2");
            assertThat(results.get("no-prompt").getError().getCode()).isEqualTo("invalid_request");
            assertThat(results.get("no-prompt").getError().getMessage()).contains("prompt");
            assertThat(results.get("bad-top-p").getError().getCode()).isEqualTo("invalid_request");
            assertThat(results.get("bad-top-p").getError().getMessage()).contains("top_p");
            assertThat(results.get("other-model").getError().getMessage()).contains("gpt-5", BatchTestModel.NAME);
            assertThat(results.get("ok-1").getGeneration().getText())
                    .isEqualTo(EngineAlone.text(served, greedy("Once upon a time", 6).build()));
            assertThat(results.get("ok-2").hasGeneration()).isTrue();
            assertThat(await(() -> kafka.committedToEnd(topics, "group-m"), Duration.ofSeconds(10)))
                    .as("skipped records are committed past").isTrue();
            assertThat(registry.get("osprey.batch.requests").tag("outcome", "failed").counter().count()).isEqualTo(5);
            assertThat(registry.get("osprey.batch.requests").tag("outcome", "completed").counter().count()).isEqualTo(2);
        }
    }
}
