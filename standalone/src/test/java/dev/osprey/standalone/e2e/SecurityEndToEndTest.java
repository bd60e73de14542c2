package dev.osprey.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.ChatMessage;
import dev.osprey.api.v1.CompletionsGrpc;
import dev.osprey.api.v1.ContextGrpc;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.SamplingOptions;
import dev.osprey.api.v1.TokenizerGrpc;
import dev.osprey.standalone.model.BundledModel;
import dev.osprey.testkit.EveryMethodProbe;
import dev.osprey.testkit.LocalGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded default as an attacker meets it: internal services reachable only on loopback and only
 * with the process's service token; every stored resource visible to the key that made it alone (404 to
 * the others, existence not disclosed), an admin key excepted; server-side paths only under the allowed roots.
 */
@Tag("slow")
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityEndToEndTest {
    static final String ALICE = "sk-alice-0123456789abcdef";
    static final String BOB = "sk-bob-0123456789abcdef";
    static final String CAROL = "sk-carol-0123456789abcdef";
    static final String ROOT = "sk-root-0123456789abcdef";

    @TempDir
    static Path home;
    RunningStack osprey;
    final JsonMapper json = JsonMapper.builder().build();
    String model;

    @BeforeAll
    void start() {
        Path file = new BundledModel(home.resolve("models")).extract();
        osprey = RunningStack.start(file, home, true, Map.of(
                "osprey.gateway.api-keys[0].name", "alice", "osprey.gateway.api-keys[0].key", ALICE,
                "osprey.gateway.api-keys[1].name", "bob", "osprey.gateway.api-keys[1].key", BOB,
                "osprey.gateway.api-keys[2].name", "carol", "osprey.gateway.api-keys[2].key", CAROL,
                "osprey.gateway.api-keys[3].name", "root", "osprey.gateway.api-keys[3].key", ROOT,
                "osprey.gateway.api-keys[3].admin", "true"));
        model = osprey.stack.modelName();
    }

    @AfterAll
    void stop() {
        if (osprey != null) {
            osprey.close();
        }
    }

    // ---- internal services ----

    @Test
    void internalPortsListenOnLoopbackOnly() throws IOException {
        List<String> listening = listeningSockets();
        assertThat(listening).as("/proc/net/tcp{,6}").isNotEmpty();
        for (var service : osprey.stack.internalPorts().entrySet()) {
            String port = String.format(Locale.ROOT, ":%04X", service.getValue());
            List<String> bound = listening.stream().filter(a -> a.endsWith(port)).toList();
            assertThat(bound).as(service.getKey()).isNotEmpty()
                    .allSatisfy(a -> assertThat(a).as(service.getKey() + " bound at " + a)
                            .isIn("0100007F" + port, "0000000000000000FFFF00000100007F" + port, // 127.0.0.1, also as ::ffff:127.0.0.1
                                    "00000000000000000000000001000000" + port)); // ::1
        }
    }

    @Test
    void everyInternalRpcWithoutTheServiceTokenIsUnauthenticated() throws InterruptedException {
        Map<String, ServiceDescriptor> services = Map.of(
                "tokenizer", TokenizerGrpc.getServiceDescriptor(),
                "context", ContextGrpc.getServiceDescriptor(),
                "inference", InferenceGrpc.getServiceDescriptor());
        for (var service : services.entrySet()) {
            ManagedChannel channel = LocalGrpc.channel(osprey.stack.internalPorts().get(service.getKey()));
            try {
                assertThat(EveryMethodProbe.call(channel, service.getValue())).isNotEmpty()
                        .allSatisfy((method, status) ->
                                assertThat(status.getCode()).as(method).isEqualTo(Status.Code.UNAUTHENTICATED));
                LocalGrpc.assertServing(channel, service.getValue().getName());
            } finally {
                LocalGrpc.close(channel);
            }
        }
    }

    // ---- ownership ----

    @Test
    void filesAndBatchesAreInvisibleToOtherKeys() throws Exception {
        String fileId = upload(ALICE, "{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/completions\","
                + "\"body\":{\"model\":\"" + model + "\",\"prompt\":\"Once\",\"max_tokens\":2}}\n");
        HttpResponse<String> batch = osprey.post("/v1/batches", "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/completions\",\"completion_window\":\"24h\"}", ALICE);
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        String batchId = json.readTree(batch.body()).get("id").stringValue();

        for (String other : List.of(BOB, CAROL)) {
            assertStatus(osprey.get("/v1/files/" + fileId, other), 404);
            assertStatus(osprey.get("/v1/files/" + fileId + "/content", other), 404);
            assertStatus(osprey.delete("/v1/files/" + fileId, other), 404);
            assertStatus(osprey.post("/v1/batches", "{\"input_file_id\":\"" + fileId
                    + "\",\"endpoint\":\"/v1/completions\",\"completion_window\":\"24h\"}", other), 404);
            assertStatus(osprey.get("/v1/batches/" + batchId, other), 404);
            assertStatus(osprey.post("/v1/batches/" + batchId + "/cancel", "{}", other), 404);
            assertThat(ids(osprey.get("/v1/files", other))).doesNotContain(fileId);
            assertThat(ids(osprey.get("/v1/batches", other))).doesNotContain(batchId);
        }
        assertStatus(osprey.get("/v1/files/" + fileId + "/content", ALICE), 200);
        assertThat(ids(osprey.get("/v1/batches", ALICE))).contains(batchId);
        assertThat(ids(osprey.get("/v1/files", ROOT))).contains(fileId);
        assertStatus(osprey.get("/v1/batches/" + batchId, ROOT), 200);
    }

    @Test
    void sessionsAreInvisibleToOtherKeys() throws Exception {
        chat(ALICE, "s-private", "Tell me a secret story.");
        assertStatus(osprey.get("/v1/sessions/s-private", ALICE), 200);
        assertStatus(osprey.get("/v1/sessions/s-private", BOB), 404);
        assertStatus(osprey.delete("/v1/sessions/s-private", CAROL), 404);
        assertStatus(osprey.get("/v1/sessions/s-private?owner=alice", BOB), 403);

        chat(BOB, "s-private", "Another story.");
        JsonNode bobs = json.readTree(osprey.get("/v1/sessions/s-private", BOB).body());
        assertThat(bobs.get("messages").get(0).get("content").stringValue()).isEqualTo("Another story.");
        JsonNode alices = json.readTree(osprey.get("/v1/sessions/s-private", ALICE).body());
        assertThat(alices.get("messages").get(0).get("content").stringValue()).isEqualTo("Tell me a secret story.");
        assertThat(alices.get("messages")).hasSize(2);
        assertStatus(osprey.get("/v1/sessions/s-private?owner=alice", ROOT), 200);
    }

    @Test
    void theGrpcApiKeepsSessionsPerKeyToo() throws Exception {
        chat(ALICE, "s-grpc", "Alice's own words.");
        ManagedChannel channel = LocalGrpc.channel(osprey.stack.grpcPort());
        try {
            Metadata auth = new Metadata();
            auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + BOB);
            var bob = CompletionsGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
            bob.chat(dev.osprey.api.v1.ChatRequest.newBuilder().setModel(model).setSessionId("s-grpc")
                    .addMessages(ChatMessage.newBuilder().setRole("user").setContent("Bob over gRPC."))
                    .setSampling(SamplingOptions.newBuilder().setMaxTokens(3).setTemperature(0)).build());
        } finally {
            LocalGrpc.close(channel);
        }
        JsonNode alices = json.readTree(osprey.get("/v1/sessions/s-grpc", ALICE).body());
        assertThat(alices.get("messages")).hasSize(2);
        assertThat(alices.get("messages").get(0).get("content").stringValue()).isEqualTo("Alice's own words.");
        JsonNode bobs = json.readTree(osprey.get("/v1/sessions/s-grpc", BOB).body());
        assertThat(bobs.get("messages").get(0).get("content").stringValue()).isEqualTo("Bob over gRPC.");
    }

    @Test
    void repositoriesAreInvisibleToOtherKeys() throws Exception {
        osprey.createRepository("shared-name",
                "[{\"path\":\"a.py\",\"content\":\"def secret_function():\\n    return 42\\n\"}]", BOB);

        assertStatus(osprey.get("/v1/repositories/shared-name", ALICE), 404);
        assertStatus(osprey.post("/v1/repositories/shared-name/search", "{\"query\":\"secret_function\"}", ALICE), 404);
        assertStatus(osprey.delete("/v1/repositories/shared-name", ALICE), 404);
        assertThat(ids(osprey.get("/v1/repositories", ALICE))).doesNotContain("shared-name");
        assertThat(ids(osprey.get("/v1/repositories", BOB))).contains("shared-name");
        JsonNode hits = json.readTree(osprey.post("/v1/repositories/shared-name/search",
                "{\"query\":\"secret_function\"}", BOB).body());
        assertThat(hits.get("data").get(0).get("text").stringValue()).contains("secret_function");
        assertStatus(osprey.get("/v1/repositories/shared-name?owner=bob", ROOT), 200);
    }

    @Test
    void serverPathsOutsideTheAllowedRootsAreRefusedAtOnce() throws Exception {
        Path outside = Files.createDirectories(home.resolve("outside"));
        for (String path : List.of("/etc", "/proc/self", outside.resolve("../../../etc").toString(), "/dev")) {
            HttpResponse<String> refused = osprey.post("/v1/repositories",
                    "{\"name\":\"probe\",\"path\":" + json.writeValueAsString(path) + "}", ALICE);
            assertThat(refused.statusCode()).as(path + ": " + refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains(System.getProperty("user.home"));
        }
        assertStatus(osprey.get("/v1/repositories/probe", ALICE), 404);
    }

    // ---- helpers ----

    private void chat(String key, String session, String content) throws Exception {
        HttpResponse<String> response = osprey.post("/v1/chat/completions", "{\"model\":\"" + model
                + "\",\"session_id\":\"" + session + "\",\"max_tokens\":4,\"temperature\":0,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}", key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private String upload(String key, String jsonl) throws Exception {
        Multipart body = new Multipart().field("purpose", "batch")
                .file("file", "requests.jsonl", jsonl.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = osprey.http.send(HttpRequest.newBuilder(URI.create(osprey.root() + "/v1/files"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", body.contentType())
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).get("id").stringValue();
    }

    private List<String> ids(HttpResponse<String> list) {
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json.readTree(list.body()).get("data").forEach(item -> ids.add(item.get("id").stringValue()));
        return ids;
    }

    private static void assertStatus(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
    }

    /** Local addresses of listening TCP sockets, as /proc/net/tcp writes them ({@code HEXADDR:HEXPORT}). */
    private static List<String> listeningSockets() throws IOException {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length > 3 && fields[3].equals("0A")) { // TCP_LISTEN
                    out.add(fields[1]);
                }
            }
        }
        return out;
    }
}
