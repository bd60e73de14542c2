package dev.osprey.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gateway.completion.TokenEstimates;
import dev.osprey.gateway.openai.ChatRequest;
import dev.osprey.gateway.openai.CompletionRequest;
import dev.osprey.gateway.openai.InfillRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** REST and gRPC admit a request with the same token estimate, so a key has one budget. */
class TokenEstimatesParityTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void restAndSharedEstimatesAgree() {
        var completion = CompletionRequest.parse(JSON.readTree(
                "{\"prompt\": [\"def fibonacci(n):\", \"x\"], \"suffix\": \"  return\", \"n\": 3, \"max_tokens\": 40}"));
        var chat = ChatRequest.parse(JSON.readTree(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Explain this code please\"}], \"n\": 2}"));
        var infill = InfillRequest.parse(JSON.readTree(
                "{\"input_prefix\": \"def f(\", \"input_suffix\": \")\", \"input_extra\": [{\"filename\": \"a\", \"text\": \"abcdefgh\"}]}"));

        assertThat(TokenEstimates.of(completion)).isEqualTo(GenerationHandlers.estimate(completion)).isEqualTo(248);
        assertThat(TokenEstimates.of(chat)).isEqualTo(GenerationHandlers.estimate(chat)).isEqualTo(519);
        assertThat(TokenEstimates.of(infill)).isEqualTo(GenerationHandlers.estimate(infill)).isEqualTo(132);
    }
}
