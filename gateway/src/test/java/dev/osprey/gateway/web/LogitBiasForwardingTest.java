package dev.osprey.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gateway.FakeUpstreams;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code logit_bias} reaches the inference service's GenerateRequest from both endpoints. */
class LogitBiasForwardingTest {
    private FakeUpstreams upstreams;
    private WebTestClient client;

    @BeforeEach
    void start() throws Exception {
        upstreams = new FakeUpstreams();
        client = GenerationRoutes.client(upstreams);
    }

    @AfterEach
    void stop() throws InterruptedException {
        upstreams.close();
    }

    @Test
    void completionsForwardTheBiases() {
        client.post().uri("/v1/completions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"prompt\": \"x\", \"logit_bias\": {\"42\": -100, \"7\": 2.5}}").exchange()
                .expectStatus().isOk();

        assertThat(upstreams.generated.getFirst().getLogitBiasMap()).isEqualTo(Map.of(42, -100f, 7, 2.5f));
    }

    @Test
    void chatForwardsTheBiases() {
        client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logit_bias\": {\"9\": 100}}")
                .exchange().expectStatus().isOk();

        assertThat(upstreams.generated.getFirst().getLogitBiasMap()).isEqualTo(Map.of(9, 100f));
    }

    @Test
    void aBadBiasIsA400NamingIt() {
        client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"logit_bias\": {\"x\": 1}}")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.param").isEqualTo("logit_bias");

        assertThat(upstreams.generated).isEmpty();
    }
}
