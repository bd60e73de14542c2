package dev.osprey.gateway.openai;

import static dev.osprey.gateway.TestJson.json;
import static dev.osprey.gateway.openai.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code logit_bias} as both generation endpoints (and batch lines, which use the same parsers) read it. */
class LogitBiasTest {

    private static Map<Integer, Float> completions(String logitBias) {
        return CompletionRequest.parse(json("{'prompt': 'a', 'logit_bias': " + logitBias + "}")).sampling().logitBias();
    }

    private static Map<Integer, Float> chat(String logitBias) {
        return ChatRequest.parse(json("{'messages': [{'role': 'user', 'content': 'hi'}], 'logit_bias': " + logitBias
                + "}")).sampling().logitBias();
    }

    @Test
    void tokenIdStringsMapToBiases() {
        Map<Integer, Float> expected = Map.of(50256, -100f, 0, 100f, 7, 2.5f);
        String body = "{'50256': -100, '0': 100, '7': 2.5}";

        assertThat(completions(body)).isEqualTo(expected);
        assertThat(chat(body)).isEqualTo(expected);
        assertThat(completions("{}")).isEmpty();
        assertThat(CompletionRequest.parse(json("{'prompt': 'a', 'logit_bias': null}")).sampling().logitBias()).isEmpty();
    }

    @Test
    void keysMustBeNonNegativeIntegers() {
        for (String key : new String[] {"-1", "abc", "1.5", " 5", "", "2147483648", "99999999999"}) {
            ApiException e = rejected(() -> chat("{'" + key + "': 1}"));
            assertThat(e.param()).isEqualTo("logit_bias");
            assertThat(e.getMessage()).contains("'" + key + "'", "non-negative integers");
        }
    }

    @Test
    void valuesMustBeNumbersWithinPlusMinus100() {
        ApiException tooHigh = rejected(() -> completions("{'42': 100.5}"));
        assertThat(tooHigh.param()).isEqualTo("logit_bias");
        assertThat(tooHigh.getMessage()).contains("token 42", "[-100, 100]", "100.5");

        assertThat(rejected(() -> chat("{'42': -101}")).getMessage()).contains("token 42", "-101");
        assertThat(rejected(() -> chat("{'42': '5'}")).getMessage()).contains("token 42", "a string");
        assertThat(rejected(() -> chat("{'42': true}")).param()).isEqualTo("logit_bias");
    }

    @Test
    void mustBeAnObjectOfBoundedSize() {
        assertThat(rejected(() -> completions("[[42, 1]]")).getMessage()).contains("logit_bias", "an array");

        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= LogitBias.MAX_ENTRIES; i++) {
            many.append(i == 0 ? "" : ",").append("'").append(i).append("': 1");
        }
        assertThat(rejected(() -> chat(many + "}")).getMessage()).contains("at most 300");
    }
}
