package dev.osprey.gateway.web;

import static dev.osprey.gateway.batch.BatchInputs.completions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gateway.access.Tenant;
import dev.osprey.gateway.access.RateLimiter;
import dev.osprey.gateway.batch.BatchLimits;
import dev.osprey.gateway.batch.BatchOutcome;
import dev.osprey.gateway.batch.BatchService;
import dev.osprey.gateway.batch.InMemoryBatchQueue;
import dev.osprey.gateway.batch.LocalBatchStore;
import dev.osprey.gateway.config.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** The Batch API's routes over the real handlers, service and local store, with an in-memory queue. */
class BatchApiRoutesTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final InMemoryBatchQueue queue = new InMemoryBatchQueue();
    private BatchService service;
    private WebTestClient client;

    @BeforeEach
    void start() {
        service = new BatchService(new LocalBatchStore(dir), queue, Clock.systemUTC(), new BatchLimits(64 * 1024, 1000));
        client = client(service);
    }

    private static WebTestClient client(BatchService service) {
        RateGate gate = new RateGate(RateLimiter.systemClock());
        JsonBodies bodies = new JsonBodies(new GatewayProperties("t", "c", "i", List.of(), null, Duration.ofSeconds(10),
                new GatewayProperties.Limits(0, 0), DataSize.ofMegabytes(1), null));
        return WebTestClient.bindToRouterFunction(GatewayRoutes.batchRoutes(new FilesHandler(service, gate),
                        new BatchesHandler(service, bodies, gate)))
                .handlerStrategies(HandlerStrategies.builder().exceptionHandler(new ApiErrorHandler()).build())
                .build();
    }

    private WebTestClient.ResponseSpec upload(WebTestClient client, String purpose, byte[] content) {
        MultipartBodyBuilder body = new MultipartBodyBuilder();
        body.part("purpose", purpose);
        body.part("file", new ByteArrayResource(content)).filename("requests.jsonl");
        return client.post().uri("/v1/files").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(body.build())).exchange();
    }

    private JsonNode json(WebTestClient.ResponseSpec response, int status) {
        byte[] body = response.expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return MAPPER.readTree(body);
    }

    private String uploadCompletions(int n) {
        return json(upload(client, "batch", completions(n).getBytes(StandardCharsets.UTF_8)), 200).get("id").stringValue();
    }

    private JsonNode createBatch(String fileId, int status) {
        return json(client.post().uri("/v1/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/completions\","
                        + "\"completion_window\":\"24h\",\"metadata\":{\"run\":\"nightly\"}}")
                .exchange(), status);
    }

    @Test
    void uploadGetListDownloadAndDeleteAFile() {
        byte[] content = completions(3).getBytes(StandardCharsets.UTF_8);
        JsonNode file = json(upload(client, "batch", content), 200);

        String id = file.get("id").stringValue();
        assertThat(id).startsWith("file-");
        assertThat(file.get("object").stringValue()).isEqualTo("file");
        assertThat(file.get("bytes").longValue()).isEqualTo(content.length);
        assertThat(file.get("filename").stringValue()).isEqualTo("requests.jsonl");
        assertThat(file.get("purpose").stringValue()).isEqualTo("batch");
        assertThat(file.get("created_at").longValue()).isPositive();
        assertThat(json(client.get().uri("/v1/files/" + id).exchange(), 200)).isEqualTo(file);
        JsonNode list = json(client.get().uri("/v1/files?purpose=batch").exchange(), 200);
        assertThat(list.get("object").stringValue()).isEqualTo("list");
        assertThat(list.get("data")).containsExactly(file);
        assertThat(json(client.get().uri("/v1/files?purpose=batch_output").exchange(), 200).get("data")).isEmpty();
        byte[] downloaded = client.get().uri("/v1/files/" + id + "/content").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .expectBody().returnResult().getResponseBody();
        assertThat(downloaded).isEqualTo(content);

        JsonNode deleted = json(client.delete().uri("/v1/files/" + id).exchange(), 200);
        assertThat(deleted.toString()).isEqualTo("{\"id\":\"" + id + "\",\"object\":\"file\",\"deleted\":true}");
        assertThat(json(client.get().uri("/v1/files/" + id).exchange(), 404).get("error").get("code").stringValue())
                .isEqualTo("file_not_found");
    }

    @Test
    void uploadRefusesOtherPurposesMissingPartsAndTooLargeFiles() {
        JsonNode wrong = json(upload(client, "fine-tune", "{}".getBytes(StandardCharsets.UTF_8)), 400).get("error");
        assertThat(wrong.get("param").stringValue()).isEqualTo("purpose");
        assertThat(wrong.get("type").stringValue()).isEqualTo("invalid_request_error");

        MultipartBodyBuilder noFile = new MultipartBodyBuilder();
        noFile.part("purpose", "batch");
        assertThat(json(client.post().uri("/v1/files").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(noFile.build())).exchange(), 400).get("error").get("param")
                .stringValue()).isEqualTo("file");

        MultipartBodyBuilder twoFiles = new MultipartBodyBuilder();
        twoFiles.part("purpose", "batch");
        twoFiles.part("file", new ByteArrayResource("{}\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "first.jsonl";
            }
        });
        twoFiles.part("file", new ByteArrayResource("{}\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return "second.jsonl";
            }
        });
        JsonNode second = json(client.post().uri("/v1/files").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(twoFiles.build())).exchange(), 400).get("error");
        assertThat(second.get("param").stringValue()).isEqualTo("file");
        assertThat(second.get("message").stringValue()).contains("exactly one 'file' part").contains("has 2");

        JsonNode tooLarge = json(upload(client, "batch", new byte[64 * 1024 + 1]), 413).get("error");
        assertThat(tooLarge.get("code").stringValue()).isEqualTo("file_too_large");
        assertThat(json(client.get().uri("/v1/files").exchange(), 200).get("data")).isEmpty();
    }

    @Test
    void createGetListCancelAndFinishABatch() {
        String fileId = uploadCompletions(4);
        JsonNode created = createBatch(fileId, 200);

        String id = created.get("id").stringValue();
        assertThat(created.get("object").stringValue()).isEqualTo("batch");
        assertThat(created.get("status").stringValue()).isEqualTo("in_progress");
        assertThat(created.get("endpoint").stringValue()).isEqualTo("/v1/completions");
        assertThat(created.get("input_file_id").stringValue()).isEqualTo(fileId);
        assertThat(created.get("completion_window").stringValue()).isEqualTo("24h");
        assertThat(created.get("errors").isNull()).isTrue();
        assertThat(created.get("output_file_id").isNull()).isTrue();
        assertThat(created.get("in_progress_at").isNumber()).isTrue();
        assertThat(created.get("cancelled_at").isNull()).isTrue();
        assertThat(created.get("request_counts").toString()).isEqualTo("{\"total\":4,\"completed\":0,\"failed\":0}");
        assertThat(created.get("metadata").toString()).isEqualTo("{\"run\":\"nightly\"}");
        assertThat(created.has("enqueued")).isFalse();
        assertThat(queue.queued(id)).hasSize(4);

        service.onResult(id, "r1", new BatchOutcome.Succeeded(200, JsonNodeFactory.instance.objectNode().put("ok", 1)));
        JsonNode progress = json(client.get().uri("/v1/batches/" + id).exchange(), 200);
        assertThat(progress.get("request_counts").get("completed").intValue()).isEqualTo(1);

        JsonNode list = json(client.get().uri("/v1/batches?limit=1").exchange(), 200);
        assertThat(list.get("object").stringValue()).isEqualTo("list");
        assertThat(list.get("data").get(0).get("id").stringValue()).isEqualTo(id);
        assertThat(list.get("first_id").stringValue()).isEqualTo(id);
        assertThat(list.get("last_id").stringValue()).isEqualTo(id);
        assertThat(list.get("has_more").booleanValue()).isFalse();

        JsonNode cancelling = json(client.post().uri("/v1/batches/" + id + "/cancel").exchange(), 200);
        assertThat(cancelling.get("status").stringValue()).isEqualTo("cancelling");
        assertThat(cancelling.get("cancelling_at").isNumber()).isTrue();
        assertThat(queue.cancelled()).containsExactly(id);
        for (String rest : List.of("r2", "r3", "r4")) {
            service.onResult(id, rest, new BatchOutcome.Failed(BatchService.CANCELLED_CODE, "cancelled"));
        }
        JsonNode cancelled = json(client.get().uri("/v1/batches/" + id).exchange(), 200);
        assertThat(cancelled.get("status").stringValue()).isEqualTo("cancelled");
        String output = client.get().uri("/v1/files/" + cancelled.get("output_file_id").stringValue() + "/content")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        JsonNode line = MAPPER.readTree(output.strip());
        assertThat(line.get("custom_id").stringValue()).isEqualTo("r1");
        assertThat(line.get("response").get("body").toString()).isEqualTo("{\"ok\":1}");
        String errors = client.get().uri("/v1/files/" + cancelled.get("error_file_id").stringValue() + "/content")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(errors.strip().split("\n")).hasSize(3);

        JsonNode again = json(client.post().uri("/v1/batches/" + id + "/cancel").exchange(), 400).get("error");
        assertThat(again.get("message").stringValue()).isEqualTo("Cannot cancel a batch with status 'cancelled'.");
    }

    @Test
    void invalidLinesGiveAFailedBatchWithLineNumbers() {
        String bad = completions(2) + "{\"custom_id\":\"r1\",\"method\":\"POST\",\"url\":\"/v1/completions\","
                + "\"body\":{\"prompt\":\"x\"}}\n";
        String fileId = json(upload(client, "batch", bad.getBytes(StandardCharsets.UTF_8)), 200).get("id").stringValue();

        JsonNode failed = createBatch(fileId, 200);

        assertThat(failed.get("status").stringValue()).isEqualTo("failed");
        assertThat(failed.get("failed_at").isNumber()).isTrue();
        JsonNode errors = failed.get("errors");
        assertThat(errors.get("object").stringValue()).isEqualTo("list");
        JsonNode first = errors.get("data").get(0);
        assertThat(first.get("code").stringValue()).isEqualTo("duplicate_custom_id");
        assertThat(first.get("line").intValue()).isEqualTo(3);
        assertThat(first.get("param").stringValue()).isEqualTo("custom_id");
        assertThat(queue.enqueueCalls()).isEmpty();
    }

    @Test
    void unavailableQueueIs503WithRetryAfterAndWritesNothing() {
        String fileId = uploadCompletions(2);
        queue.refuse("no broker reachable");

        JsonNode error = json(client.post().uri("/v1/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/completions\","
                        + "\"completion_window\":\"24h\"}")
                .exchange()
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "10"), 503).get("error");

        assertThat(error.get("code").stringValue()).isEqualTo("service_unavailable");
        assertThat(error.get("message").stringValue()).contains("no broker reachable");
        assertThat(service.listBatches(Tenant.ANONYMOUS, 100, null).data()).isEmpty();
        assertThat(json(client.get().uri("/v1/batches").exchange(), 200).get("data")).isEmpty();
    }

    @Test
    void badRequestsAndUnknownIds() {
        assertThat(json(client.get().uri("/v1/batches/batch_nope").exchange(), 404).get("error").get("code")
                .stringValue()).isEqualTo("batch_not_found");
        assertThat(json(client.post().uri("/v1/batches/batch_nope/cancel").exchange(), 404).get("error").get("code")
                .stringValue()).isEqualTo("batch_not_found");
        assertThat(json(client.get().uri("/v1/files/file-nope/content").exchange(), 404).get("error").get("code")
                .stringValue()).isEqualTo("file_not_found");
        assertThat(json(client.delete().uri("/v1/files/file-nope").exchange(), 404).get("error").get("code")
                .stringValue()).isEqualTo("file_not_found");
        assertThat(json(client.get().uri("/v1/batches?limit=0").exchange(), 400).get("error").get("param")
                .stringValue()).isEqualTo("limit");
        assertThat(createBatch("file-nope", 404).get("error").get("param").stringValue()).isEqualTo("input_file_id");
        String fileId = uploadCompletions(1);
        JsonNode missing = json(client.post().uri("/v1/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"input_file_id\":\"" + fileId + "\",\"completion_window\":\"24h\"}").exchange(), 400);
        assertThat(missing.get("error").get("param").stringValue()).isEqualTo("endpoint");
        JsonNode metadata = json(client.post().uri("/v1/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/completions\","
                        + "\"completion_window\":\"24h\",\"metadata\":{\"n\":1}}").exchange(), 400);
        assertThat(metadata.get("error").get("param").stringValue()).isEqualTo("metadata.n");
        assertThat(json(client.post().uri("/v1/batches").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{nope").exchange(), 400).get("error").get("code").stringValue()).isEqualTo("invalid_json");
    }
}
