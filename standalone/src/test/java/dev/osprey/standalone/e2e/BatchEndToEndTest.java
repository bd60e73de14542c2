package dev.osprey.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.inference.server.ServedModel;
import dev.osprey.inference.server.batch.BatchWorker;
import dev.osprey.inference.server.batch.BatchWorkerProperties;
import dev.osprey.standalone.model.BundledModel;
import io.micrometer.core.instrument.Metrics;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Batch API end to end on the embedded default: the gateway plans and produces every request to
 * the embedded KRaft broker, the inference service's worker runs them at batch priority and produces
 * results, the gateway's collector builds the output file keyed by custom_id.
 */
@Tag("slow")
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchEndToEndTest {
    @TempDir
    static Path home;
    RunningStack osprey;
    final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    void start() {
        Path model = new BundledModel(home.resolve("models")).extract();
        osprey = RunningStack.start(model, home, true, Map.of());
    }

    @AfterAll
    void stop() {
        if (osprey != null) {
            osprey.close();
        }
    }

    @Test
    @Order(1)
    void malformedLinesFailTheBatchNamingTheirLines() throws Exception {
        String jsonl = line("ok-1", "Once upon a time", 4) + "\n"
                + "{not json\n"
                + line("ok-1", "duplicate id", 4) + "\n"
                + "{\"custom_id\":\"bad-temp\",\"method\":\"POST\",\"url\":\"/v1/completions\",\"body\":{\"prompt\":\"x\",\"temperature\":9}}\n";
        JsonNode batch = createBatch(upload(jsonl), "/v1/completions");
        batch = await(batch.get("id").stringValue(), Duration.ofSeconds(30));
        assertThat(batch.get("status").stringValue()).isEqualTo("failed");
        List<Long> lines = new ArrayList<>();
        batch.get("errors").get("data").forEach(e -> lines.add(e.get("line").longValue()));
        assertThat(lines).containsExactly(2L, 3L, 4L);
        assertThat(batch.get("request_counts").get("completed").intValue()).isZero();
    }

    @Test
    @Order(2)
    void thousandRequestsCompleteWithEveryCustomIdOnceAndInteractiveLatencyHolds() throws Exception {
        List<Double> quiet = interactiveTtfts(30);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            jsonl.append(line("req-" + i, "Once upon a time number " + i, 16)).append('\n');
        }
        String batchId = createBatch(upload(jsonl.toString()), "/v1/completions").get("id").stringValue();
        List<Double> busy = interactiveTtfts(30);
        int doneMeanwhile = get(batchId).get("request_counts").get("completed").intValue();
        JsonNode batch = await(batchId, Duration.ofMinutes(5));
        System.out.printf("interactive TTFT p50 without the batch %.1f ms, with it %.1f ms (%d and %d requests; "
                + "%d of 1000 batch requests done when the second set ended)%n",
                median(quiet), median(busy), quiet.size(), busy.size(), doneMeanwhile);
        assertThat(batch.get("status").stringValue()).as(batch.toString()).isEqualTo("completed");
        assertThat(batch.get("request_counts").get("total").intValue()).isEqualTo(1000);
        assertThat(batch.get("request_counts").get("completed").intValue()).isEqualTo(1000);
        String output = content(batch.get("output_file_id").stringValue());
        Set<String> ids = new HashSet<>();
        int lines = 0;
        for (String l : output.split("\n")) {
            if (l.isBlank()) {
                continue;
            }
            lines++;
            JsonNode row = json.readTree(l);
            ids.add(row.get("custom_id").stringValue());
            assertThat(row.get("response").get("status_code").intValue()).isEqualTo(200);
            assertThat(row.get("response").get("body").get("choices").get(0).get("text").stringValue()).isNotEmpty();
        }
        assertThat(lines).isEqualTo(1000);
        assertThat(ids).hasSize(1000);
    }

    @Test
    @Order(3)
    void cancelMidwayAccountsForEveryRequest() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            jsonl.append(line("c-" + i, "Tell a long story " + i, 64)).append('\n');
        }
        String batchId = createBatch(upload(jsonl.toString()), "/v1/completions").get("id").stringValue();
        awaitCompleted(batchId, 10, Duration.ofMinutes(2));
        HttpResponse<String> cancelled = osprey.post("/v1/batches/" + batchId + "/cancel", "", null);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        JsonNode batch = await(batchId, Duration.ofMinutes(3));
        assertThat(batch.get("status").stringValue()).isEqualTo("cancelled");
        JsonNode counts = batch.get("request_counts");
        assertThat(counts.get("completed").intValue() + counts.get("failed").intValue()).isEqualTo(600);
        assertThat(counts.get("completed").intValue()).isLessThan(600);
        assertThat(content(batch.get("error_file_id").stringValue())).contains("batch_cancelled");
    }

    @Test
    @Order(4)
    void gatewayRestartMidBatchKeepsStatusAndResults() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            jsonl.append(line("r-" + i, "A story about restarts " + i, 24)).append('\n');
        }
        String batchId = createBatch(upload(jsonl.toString()), "/v1/completions").get("id").stringValue();
        awaitCompleted(batchId, 5, Duration.ofMinutes(2));
        osprey.stack.restartGateway();
        assertCompletedWithEveryCustomIdOnce(await(batchId, Duration.ofMinutes(3)), 300);
    }

    @Test
    @Order(5)
    void inferenceConsumerKilledMidBatchIsReplacedAndNothingIsLostOrDuplicated() throws Exception {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            jsonl.append(line("k-" + i, "A story about crashes " + i, 24)).append('\n');
        }
        String batchId = createBatch(upload(jsonl.toString()), "/v1/completions").get("id").stringValue();
        awaitCompleted(batchId, 5, Duration.ofMinutes(2));
        var inference = osprey.stack.inferenceContext();
        inference.getBean(BatchWorker.class).closeNow(); // no commit, no waiting: as if the process died
        try (BatchWorker replacement = BatchWorker.start(inference.getBean(BatchWorkerProperties.class),
                inference.getBean(ServedModel.class), Metrics.globalRegistry, "replacement")) {
            assertCompletedWithEveryCustomIdOnce(await(batchId, Duration.ofMinutes(3)), 300);
        }
    }

    @Test
    @Order(10)
    void brokerUnavailableAtSubmissionIsA503AndNothingIsWritten() throws Exception {
        String fileId = upload(line("x-1", "hello", 2) + "\n");
        int before = json.readTree(osprey.get("/v1/batches?limit=100", null).body()).get("data").size();
        osprey.stack.kafka().orElseThrow().close();
        HttpResponse<String> response = osprey.post("/v1/batches", "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/completions\",\"completion_window\":\"24h\"}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("retry-after")).isPresent();
        assertThat(json.readTree(osprey.get("/v1/batches?limit=100", null).body()).get("data").size()).isEqualTo(before);
    }

    // ---- helpers ----

    /** Completed, and the output file has {@code count} lines with distinct custom_ids. */
    private void assertCompletedWithEveryCustomIdOnce(JsonNode batch, int count) throws Exception {
        assertThat(batch.get("status").stringValue()).as(batch.toString()).isEqualTo("completed");
        Set<String> ids = new HashSet<>();
        for (String l : content(batch.get("output_file_id").stringValue()).split("\n")) {
            if (!l.isBlank()) {
                assertThat(ids.add(json.readTree(l).get("custom_id").stringValue())).as("duplicate line " + l).isTrue();
            }
        }
        assertThat(ids).hasSize(count);
    }

    private String line(String customId, String prompt, int maxTokens) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/completions\",\"body\":{\"prompt\":"
                + json.writeValueAsString(prompt) + ",\"max_tokens\":" + maxTokens + ",\"temperature\":0}}";
    }

    private String upload(String jsonl) throws Exception {
        Multipart body = new Multipart().field("purpose", "batch").file("file", "input.jsonl",
                jsonl.getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(osprey.root() + "/v1/files"))
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                .build();
        HttpResponse<String> response = osprey.http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("id").stringValue();
    }

    private JsonNode createBatch(String fileId, String endpoint) throws Exception {
        HttpResponse<String> response = osprey.post("/v1/batches", "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\""
                + endpoint + "\",\"completion_window\":\"24h\"}", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode get(String batchId) throws Exception {
        return json.readTree(osprey.get("/v1/batches/" + batchId, null).body());
    }

    /** Polls until the batch reaches a terminal status. */
    private JsonNode await(String batchId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode batch;
        do {
            batch = get(batchId);
            String status = batch.get("status").stringValue();
            if (Set.of("completed", "failed", "cancelled", "expired").contains(status)) {
                return batch;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("batch not finished in " + timeout + ": " + batch);
    }

    private void awaitCompleted(String batchId, int completed, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (get(batchId).get("request_counts").get("completed").intValue() >= completed) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + completed + " completed in " + timeout + ": " + get(batchId));
    }

    private String content(String fileId) throws Exception {
        HttpResponse<String> response = osprey.get("/v1/files/" + fileId + "/content", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Times to first token of sequential interactive streaming completions, in ms. */
    private List<Double> interactiveTtfts(int count) throws Exception {
        List<Double> ttfts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(osprey.root() + "/v1/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"Interactive " + i
                            + "\",\"max_tokens\":8,\"stream\":true}"))
                    .build();
            HttpResponse<InputStream> response = osprey.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String first = reader.readLine();
                assertThat(first).startsWith("data: ");
                ttfts.add((System.nanoTime() - start) / 1e6);
                while (reader.readLine() != null) {
                    // drain
                }
            }
        }
        return ttfts;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
