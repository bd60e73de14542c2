package dev.osprey.inference.server.batch;

import static dev.osprey.inference.server.batch.BatchKafka.greedy;
import static dev.osprey.inference.server.batch.BatchKafka.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.BatchRequestRecord;
import dev.osprey.api.v1.BatchResultRecord;
import dev.osprey.inference.server.ServedModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker that dies mid-batch loses nothing: the next member of its group runs what was not committed. */
@Tag("slow")
class BatchCrashTest {

    @TempDir
    Path dir;

    @Test
    void aWorkerStoppedAtOnceMidBatchIsReplacedAndEveryRequestGetsAResult() throws Exception {
        try (BatchKafka kafka = new BatchKafka(dir.resolve("kafka")); ServedModel served = BatchTestModel.start()) {
            BatchKafka.Topics topics = kafka.topics("crash");
            List<String> prompts = BatchTestModel.prompts(48);
            List<BatchRequestRecord> requests = new ArrayList<>();
            Set<String> all = new HashSet<>();
            for (int i = 0; i < prompts.size(); i++) {
                // Four batches, so that both partitions carry records.
                requests.add(request("batch-c" + i % 4, "req-" + i, i + 1, greedy(prompts.get(i), 60).setIgnoreEos(true)));
                all.add("req-" + i);
            }
            kafka.send(topics, requests);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            BatchWorker first = BatchWorker.start(kafka.properties(topics, "group-c", 4, Map.of()), served, registry, "first");
            List<BatchResultRecord> before;
            try {
                before = kafka.awaitResults(topics, r -> r.size() >= 8, Duration.ofSeconds(60));
            } finally {
                first.closeNow();
            }
            assertThat(customIds(kafka.awaitResults(topics, r -> true, Duration.ofSeconds(5))))
                    .as("the first worker stopped before the end of the batch").hasSizeLessThan(48);
            assertThat(kafka.committedToEnd(topics, "group-c")).isFalse();

            try (BatchWorker second = BatchWorker.start(kafka.properties(topics, "group-c", 4, Map.of()), served, registry,
                    "second")) {
                List<BatchResultRecord> results = kafka.awaitResults(topics, r -> customIds(r).equals(all),
                        Duration.ofSeconds(90));
                assertThat(customIds(results)).as("no request is missing").isEqualTo(all);
                assertThat(results).allMatch(BatchResultRecord::hasGeneration);
                assertThat(results).filteredOn(r -> r.getWorker().equals("second")).isNotEmpty();
                assertThat(before).allMatch(r -> r.getWorker().equals("first"));
                // A request both workers ran has the same text twice (greedy): the collector may keep either.
                Map<String, Set<String>> texts = results.stream().collect(Collectors.groupingBy(
                        BatchResultRecord::getCustomId, Collectors.mapping(r -> r.getGeneration().getText(), Collectors.toSet())));
                assertThat(texts.values()).allMatch(t -> t.size() == 1);
            }
            assertThat(kafka.committedToEnd(topics, "group-c")).as("the second worker committed all on close").isTrue();
            assertThat(served.engine().stats().running() + served.engine().stats().waiting()).isZero();
        }
    }

    private static Set<String> customIds(List<BatchResultRecord> results) {
        return results.stream().map(BatchResultRecord::getCustomId).collect(Collectors.toSet());
    }
}
