package dev.osprey.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.standalone.model.BundledModel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Batch API against a real Kafka in a container instead of the embedded broker, the way an
 * external cluster is used (the services pointed at it, topics created by the gateway). Runs where
 * Docker is available; elsewhere JUnit reports it skipped because Docker is not available, and
 * {@link BatchEndToEndTest} covers the same path on the embedded KRaft broker.
 */
@Tag("slow")
@Isolated
@Testcontainers(disabledWithoutDocker = true)
class BatchOnKafkaContainerTest {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void batchCompletesWithEveryCustomIdOnceOnAnExternalCluster(@TempDir Path home) throws Exception {
        String bootstrap = KAFKA.getBootstrapServers();
        Path model = new BundledModel(home.resolve("models")).extract();
        try (RunningStack osprey = RunningStack.start(model, home, false, Map.of(
                "osprey.gateway.kafka.bootstrap-servers", bootstrap,
                "osprey.inference.batch.enabled", "true",
                "osprey.inference.batch.bootstrap-servers", bootstrap))) {
            StringBuilder jsonl = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                jsonl.append("{\"custom_id\":\"t-").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/completions\","
                        + "\"body\":{\"prompt\":\"Once upon a time ").append(i).append("\",\"max_tokens\":8}}\n");
            }
            Multipart upload = new Multipart().field("purpose", "batch")
                    .file("file", "in.jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> file = osprey.http.send(HttpRequest.newBuilder(URI.create(osprey.root() + "/v1/files"))
                    .header("Content-Type", upload.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(upload.bytes())).build(), HttpResponse.BodyHandlers.ofString());
            String fileId = json.readTree(file.body()).get("id").stringValue();
            String batchId = json.readTree(osprey.post("/v1/batches", "{\"input_file_id\":\"" + fileId
                    + "\",\"endpoint\":\"/v1/completions\",\"completion_window\":\"24h\"}", null).body()).get("id").stringValue();
            JsonNode batch;
            long deadline = System.nanoTime() + 180_000_000_000L;
            do {
                Thread.sleep(250);
                batch = json.readTree(osprey.get("/v1/batches/" + batchId, null).body());
            } while (!batch.get("status").stringValue().equals("completed") && System.nanoTime() < deadline);
            assertThat(batch.get("status").stringValue()).as(batch.toString()).isEqualTo("completed");
            Set<String> ids = new HashSet<>();
            for (String line : osprey.get("/v1/files/" + batch.get("output_file_id").stringValue() + "/content", null)
                    .body().split("\n")) {
                if (!line.isBlank()) {
                    assertThat(ids.add(json.readTree(line).get("custom_id").stringValue())).isTrue();
                }
            }
            assertThat(ids).hasSize(200);
        }
    }
}
