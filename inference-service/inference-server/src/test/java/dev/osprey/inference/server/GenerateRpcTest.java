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

    @Test
    void logprobsComeWithEveryTokenWhenAskedFor() {
        var events = server.stub().generate(greedy("Once upon a time", 6).setIgnoreEos(true).setLogprobs(3).build());
        int tokens = 0;
        while (events.hasNext()) {
            var event = events.next();
            if (event.hasToken()) {
                tokens++;
                assertThat(event.getToken().hasLogprob()).isTrue();
                assertThat(event.getToken().getLogprob()).isNotPositive();
                assertThat(event.getToken().getTopLogprobsList()).hasSize(3);
                // greedy: the sampled token is the most likely one
                assertThat(event.getToken().getTopLogprobs(0).getId()).isEqualTo(event.getToken().getId());
            }
        }
        assertThat(tokens).isEqualTo(6);
    }

    @Test
    void aLogitBiasOfPlus100ForcesATokenUnderGreedyDecoding() {
        Generation plain = server.generate(greedy("Once upon a time", 6).setIgnoreEos(true).build());
        int forced = plain.ids().contains(300) ? 301 : 300;

        Generation biased = server.generate(greedy("Once upon a time", 6).setIgnoreEos(true)
                .putLogitBias(forced, 100f).build());

        assertThat(biased.ids()).containsOnly(forced).hasSize(6);
    }

    @Test
    void aLogitBiasOfMinus100BansTheGreedyToken() {
        Generation plain = server.generate(greedy("Once upon a time", 1).build());
        int first = plain.ids().getFirst();

        Generation banned = server.generate(greedy("Once upon a time", 1).putLogitBias(first, -100f).build());

        assertThat(banned.ids()).hasSize(1).doesNotContain(first);
    }

    @Test
    void aStopStringEndsTheStreamBeforeIt() {
        Generation full = server.generate(greedy("Once upon a time", 32).setIgnoreEos(true).build());
        Generation stopped = server.generate(greedy("Once upon a time", 32).setIgnoreEos(true).addStop("Lily").build());

        assertThat(stopped.end().getFinishReason()).isEqualTo(FinishReason.STOP);
        assertThat(stopped.text()).isEqualTo(full.text().substring(0, full.text().indexOf("Lily")));
        assertThat(stopped.ids()).hasSizeLessThan(full.ids().size());
    }

    @Test
    void aClientRequestIdIsKept() {
        assertThat(server.generate(greedy("Once", 2).setRequestId("mine-1").build()).end().getRequestId())
                .isEqualTo("mine-1");
    }
}
