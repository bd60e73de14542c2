package dev.osprey.gateway.web;

import static dev.osprey.gateway.web.BrowserGuardApplicationTest.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gateway.batch.InMemoryBatchQueueConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The REST server with an extra allowed host and one CORS origin configured. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = {
        "spring.grpc.server.port=0",
        "osprey.gateway.batch.dir=${java.io.tmpdir}/osprey-gateway-test-batches",
        "osprey.gateway.allowed-hosts=osprey.internal",
        "osprey.gateway.cors.allowed-origins=https://app.example"})
@Import(InMemoryBatchQueueConfiguration.class)
class BrowserGuardConfiguredApplicationTest {
    private static final String APP = "https://app.example";

    @Autowired
    private ApplicationContext context;

    private WebTestClient client;

    @BeforeEach
    void bind() {
        client = WebTestClient.bindToApplicationContext(context).build();
    }

    @Test
    void aConfiguredHostIsServedWithAnyPortAndOthersStillRefused() {
        client.get().uri("/health").header(HttpHeaders.HOST, "osprey.internal:8080").exchange().expectStatus().isOk();
        client.get().uri("/health").header(HttpHeaders.HOST, "OSPREY.internal").exchange().expectStatus().isOk();
        client.get().uri("/health").header(HttpHeaders.HOST, "localhost:8080").exchange().expectStatus().isOk();

        error(client.get().uri("/health").header(HttpHeaders.HOST, "evil.example:8080").exchange(), 403);
    }

    @Test
    void aListedOriginsPreflightGetsTheCorsHeaders() {
        client.options().uri("/v1/chat/completions").header(HttpHeaders.HOST, "localhost:8080")
                .header(HttpHeaders.ORIGIN, APP)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type, x-stainless-os")
                .exchange()
                .expectStatus().isNoContent()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, APP)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, m -> assertThat(m).contains("POST"))
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        h -> assertThat(h).contains("Authorization", "Content-Type", "x-stainless-os"))
                .expectHeader().exists(HttpHeaders.ACCESS_CONTROL_MAX_AGE)
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
    }

    @Test
    void aListedOriginsRequestsCarryAllowOrigin() {
        client.get().uri("/health").header(HttpHeaders.HOST, "localhost:8080").header(HttpHeaders.ORIGIN, APP)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, APP)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
                        h -> assertThat(h).contains("x-ratelimit-remaining-requests"));
    }

    @Test
    void otherOriginsAreStillRefused() {
        client.options().uri("/v1/chat/completions").header(HttpHeaders.HOST, "localhost:8080")
                .header(HttpHeaders.ORIGIN, "https://app.example.evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }
}
