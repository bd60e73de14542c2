package dev.osprey.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gateway.batch.InMemoryBatchQueueConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway application's REST server as a web page meets it, with the default settings (loopback
 * bind, no allowed hosts or origins configured): cross-site request shapes are refused, a rebinding
 * Host is refused, and no CORS is granted. Wrong methods on known routes answer 405.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
        "spring.grpc.server.port=0",
        "osprey.gateway.batch.dir=${java.io.tmpdir}/osprey-gateway-test-batches"})
@Import(InMemoryBatchQueueConfiguration.class)
class BrowserGuardApplicationTest {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Autowired
    private ApplicationContext context;

    private WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToApplicationContext(context).build();
    }

    static JsonNode error(WebTestClient.ResponseSpec response, int status) {
        byte[] body = response.expectStatus().isEqualTo(status).expectBody().returnResult().getResponseBody();
        return MAPPER.readTree(body).get("error");
    }

    @Test
    void textPlainPostIsRefusedNamingBothContentTypes() {
        JsonNode e = error(client.post().uri("/v1/repositories").header(HttpHeaders.HOST, "127.0.0.1:8080")
                .contentType(MediaType.TEXT_PLAIN).bodyValue("{\"id\":\"r\",\"files\":[]}").exchange(), 415);

        assertThat(e.get("message").stringValue()).contains("'text/plain", "application/json", "/v1/repositories");
        assertThat(e.get("type").stringValue()).isEqualTo("invalid_request_error");
        assertThat(e.get("code").stringValue()).isEqualTo("unsupported_media_type");
    }

    @Test
    void formPostIsRefused() {
        JsonNode e = error(client.post().uri("/v1/chat/completions")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("messages=hi").exchange(), 415);

        assertThat(e.get("message").stringValue()).contains("application/x-www-form-urlencoded", "application/json");
    }

    @Test
    void aBodyWithoutContentTypeIsRefused() {
        JsonNode e = error(client.post().uri("/v1/completions").header(HttpHeaders.CONTENT_LENGTH, "2")
                .body((outputMessage, ctx) -> outputMessage.writeWith(reactor.core.publisher.Mono.just(
                        outputMessage.bufferFactory().wrap("{}".getBytes())))).exchange(), 415);

        assertThat(e.get("message").stringValue()).contains("no Content-Type", "application/json");
    }

    @Test
    void jsonWithACharsetReachesTheEndpoint() {
        JsonNode e = error(client.post().uri("/v1/chat/completions")
                .contentType(MediaType.parseMediaType("application/json; charset=utf-8"))
                .bodyValue("{\"messages\": []}").exchange(), 400);

        assertThat(e.get("param").stringValue()).isEqualTo("messages");
    }

    @Test
    void theUploadTakesOnlyMultipart() {
        JsonNode e = error(client.post().uri("/v1/files").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"purpose\":\"batch\"}").exchange(), 415);

        assertThat(e.get("message").stringValue()).contains("'application/json'", "multipart/form-data");
    }

    @Test
    void aRebindingHostIsRefusedNamingTheHostAndTheSetting() {
        JsonNode e = error(client.get().uri("/v1/models").header(HttpHeaders.HOST, "evil.example").exchange(), 403);

        assertThat(e.get("message").stringValue()).contains("'evil.example'", "osprey.gateway.allowed-hosts");
        assertThat(e.get("code").stringValue()).isEqualTo("host_not_allowed");
    }

    @Test
    void loopbackHostsWithAnyPortAreServed() {
        for (String host : new String[] {"localhost:8080", "127.0.0.1:31337", "[::1]:8080", "localhost"}) {
            client.get().uri("/health").header(HttpHeaders.HOST, host).exchange().expectStatus().isOk();
        }
    }

    @Test
    void noCorsHeadersByDefault() {
        client.get().uri("/health").header(HttpHeaders.HOST, "localhost:8080")
                .header(HttpHeaders.ORIGIN, "http://localhost:8080").exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);

        JsonNode e = error(client.post().uri("/v1/batches/batch_1/cancel").header(HttpHeaders.HOST, "localhost:8080")
                .header(HttpHeaders.ORIGIN, "https://evil.example").exchange(), 403);
        assertThat(e.get("message").stringValue()).contains("'https://evil.example'",
                "osprey.gateway.cors.allowed-origins");
    }

    @Test
    void preflightFromAnUnlistedOriginIsRefused() {
        client.options().uri("/v1/chat/completions").header(HttpHeaders.HOST, "localhost:8080")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }

    @Test
    void wrongMethodsOnKnownRoutesAre405WithAllow() {
        JsonNode e = error(client.get().uri("/v1/completions").exchange()
                .expectHeader().valueEquals(HttpHeaders.ALLOW, "POST"), 405);
        assertThat(e.get("message").stringValue()).contains("GET", "/v1/completions", "POST");
        assertThat(e.get("code").stringValue()).isEqualTo("method_not_allowed");

        error(client.delete().uri("/v1/models").exchange()
                .expectHeader().value(HttpHeaders.ALLOW, allow -> assertThat(allow).startsWith("GET")), 405);
        error(client.put().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectHeader().valueEquals(HttpHeaders.ALLOW, "POST"), 405);
        error(client.post().uri("/v1/sessions/s1").exchange()
                .expectHeader().valueEquals(HttpHeaders.ALLOW, "GET, DELETE"), 405);
    }

    @Test
    void unknownPathsStay404() {
        JsonNode e = error(client.get().uri("/v1/nothing-here").exchange(), 404);

        assertThat(e.get("code").stringValue()).isEqualTo("unknown_url");
    }
}
