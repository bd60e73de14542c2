package dev.osprey.inference.server;

import static dev.osprey.inference.server.InProcessInferenceServer.greedy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.FinishReason;
import dev.osprey.inference.server.InProcessInferenceServer.Generation;
import dev.osprey.tokenizer.EncodeOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generate on stories260K: tokens then one final event with usage and timings. */
class GenerateRpcTest {
    private static InProcessInferenceServer server;

    @BeforeAll
    static void start() {
        server = new InProcessInferenceServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void streamsTokensThenAFinalEventWithUsage() {
        Generation g = server.generate(greedy("Once upon a time", 32).setIgnoreEos(true).build());

        int promptTokens = server.served().model().tokenizer().encode("Once upon a time", EncodeOptions.PROMPT).length;
        assertThat(g.ids()).hasSize(32);
        assertThat(g.end().getFinishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(g.end().getUsage().getCompletionTokens()).isEqualTo(32);
        assertThat(g.end().getUsage().getPromptTokens()).isEqualTo(promptTokens);
        assertThat(g.end().getRequestId()).isNotEmpty();
        assertThat(g.end().getTimings().getTotalMs()).isPositive();
        assertThat(g.text()).startsWith(",").contains("Lily");
    }
}
