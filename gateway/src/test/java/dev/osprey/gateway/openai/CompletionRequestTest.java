package dev.osprey.gateway.openai;

import static dev.osprey.gateway.TestJson.json;
import static dev.osprey.gateway.openai.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionRequestTest {

    private static CompletionRequest parse(String body) {
        return CompletionRequest.parse(json(body));
    }

    @Test
    void aStringPromptWithOpenAisDefaults() {
        CompletionRequest r = parse("{'model': 'm', 'prompt': 'def f('}");
        assertThat(r.model()).isEqualTo("m");
        assertThat(r.prompts()).containsExactly(new PromptInput.Text("def f("));
        assertThat(r.sampling().maxTokens()).isEqualTo(CompletionRequest.DEFAULT_MAX_TOKENS).isEqualTo(16);
        assertThat(r.sampling().logprobs()).isNull();
        assertThat(r.n()).isEqualTo(1);
        assertThat(r.suffix()).isNull();
        assertThat(r.echo()).isFalse();
        assertThat(r.stream()).isFalse();
        assertThat(r.includeUsage()).isFalse();
        assertThat(r.user()).isNull();
    }

    @Test
    void promptForms() {
        assertThat(parse("{'prompt': ['a', 'b']}").prompts())
                .containsExactly(new PromptInput.Text("a"), new PromptInput.Text("b"));
        assertThat(parse("{'prompt': [1, 2, 3]}").prompts())
                .containsExactly(new PromptInput.Tokens(List.of(1, 2, 3)));
        assertThat(parse("{'prompt': [[1, 2], [3]]}").prompts())
                .containsExactly(new PromptInput.Tokens(List.of(1, 2)), new PromptInput.Tokens(List.of(3)));
        assertThat(parse("{'prompt': ['a', [4]]}").prompts())
                .containsExactly(new PromptInput.Text("a"), new PromptInput.Tokens(List.of(4)));
    }

    @Test
    void missingOrMalformedPrompts() {
        assertThat(rejected(() -> parse("{'model': 'm'}")).getMessage())
                .isEqualTo("Missing required parameter: 'prompt'.");
        assertThat(rejected(() -> parse("{'prompt': null}")).code()).isEqualTo("missing_required_parameter");
        assertThat(rejected(() -> parse("{'prompt': 3}")).getMessage()).isEqualTo("Invalid type for 'prompt': "
                + "expected a string, an array of strings or an array of token ids, but got an integer instead.");
        ApiException empty = rejected(() -> parse("{'prompt': []}"));
        assertThat(empty.getMessage()).isEqualTo("Invalid 'prompt': empty array.");
        assertThat(empty.code()).isEqualTo("invalid_value");
        assertThat(rejected(() -> parse("{'prompt': ['a', []]}")).getMessage())
                .isEqualTo("Invalid 'prompt[1]': empty token array.");
        assertThat(rejected(() -> parse("{'prompt': ['a', {}]}")).getMessage()).isEqualTo("Invalid type for "
                + "'prompt[1]': expected a string or an array of token ids, but got an object instead.");
        assertThat(rejected(() -> parse("{'prompt': [1, 'a']}")).getMessage()).isEqualTo("Invalid type for "
                + "'prompt[1]': expected a non-negative integer token id, but got a string instead.");
        assertThat(rejected(() -> parse("{'prompt': [1, 2.5]}")).param()).isEqualTo("prompt[1]");
    }

    @Test
    void negativeOrHugeTokenIdsAreOutOfRange() {
        ApiException negative = rejected(() -> parse("{'prompt': [5, -3]}"));
        assertThat(negative.param()).isEqualTo("prompt[1]");
        assertThat(negative.code()).isEqualTo("invalid_value");
        assertThat(negative.getMessage()).isEqualTo(
                "Invalid 'prompt[1]': integer below minimum value. Expected a value >= 0, but got -3 instead.");
        ApiException nested = rejected(() -> parse("{'prompt': [[1], [2, 3, -1]]}"));
        assertThat(nested.param()).isEqualTo("prompt[1][2]");
        ApiException huge = rejected(() -> parse("{'prompt': [4294967296]}"));
        assertThat(huge.getMessage()).isEqualTo("Invalid 'prompt[0]': integer above maximum value. "
                + "Expected a value <= 2147483647, but got 4294967296 instead.");
    }

    @Test
    void promptCountIsBounded() {
        String many = "[" + "'x',".repeat(CompletionRequest.MAX_PROMPTS) + "'x']";
        assertThat(rejected(() -> parse("{'prompt': " + many + "}")).getMessage())
                .isEqualTo("Invalid 'prompt': at most 64 prompts per request, but got 65.");
        assertThat(parse("{'prompt': " + many.replaceFirst("'x',", "") + "}").prompts()).hasSize(64);
    }

    @Test
    void suffixCannotBeEchoed() {
        assertThat(parse("{'prompt': 'a', 'suffix': 'b'}").suffix()).isEqualTo("b");
        ApiException e = rejected(() -> parse("{'prompt': 'a', 'suffix': 'b', 'echo': true}"));
        assertThat(e.param()).isEqualTo("echo");
        assertThat(e.getMessage()).isEqualTo("echo cannot be combined with suffix.");
        assertThat(parse("{'prompt': 'a', 'echo': true}").echo()).isTrue();
    }

    @Test
    void bestOfMustEqualN() {
        assertThat(parse("{'prompt': 'a', 'n': 3, 'best_of': 3}").n()).isEqualTo(3);
        ApiException e = rejected(() -> parse("{'prompt': 'a', 'n': 2, 'best_of': 3}"));
        assertThat(e.param()).isEqualTo("best_of");
        assertThat(e.code()).isEqualTo("unsupported_value");
        assertThat(rejected(() -> parse("{'prompt': 'a', 'best_of': 2}")).param()).isEqualTo("best_of");
        assertThat(rejected(() -> parse("{'prompt': 'a', 'n': 17}")).getMessage()).isEqualTo(
                "Invalid 'n': integer above maximum value. Expected a value <= 16, but got 17 instead.");
    }

    @Test
    void streamOptionsNeedStream() {
        ApiException e = rejected(() -> parse("{'prompt': 'a', 'stream_options': {'include_usage': true}}"));
        assertThat(e.param()).isEqualTo("stream_options");
        assertThat(e.getMessage()).isEqualTo("The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        assertThat(parse("{'prompt': 'a', 'stream_options': null}").includeUsage()).isFalse();
        CompletionRequest r = parse("{'prompt': 'a', 'stream': true, 'stream_options': {'include_usage': true}}");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(parse("{'prompt': 'a', 'stream': true, 'stream_options': {}}").includeUsage()).isFalse();
    }

    @Test
    void maxTokensAndLogprobs() {
        CompletionRequest r = parse("{'prompt': 'a', 'max_tokens': 5, 'logprobs': 0, 'user': 'u'}");
        assertThat(r.sampling().maxTokens()).isEqualTo(5);
        assertThat(r.sampling().logprobs()).isZero();
        assertThat(r.user()).isEqualTo("u");
        assertThat(parse("{'prompt': 'a', 'logprobs': 3}").sampling().logprobs()).isEqualTo(3);
        assertThat(rejected(() -> parse("{'prompt': 'a', 'max_tokens': 0}")).param()).isEqualTo("max_tokens");
        assertThat(rejected(() -> parse("{'prompt': 'a', 'logprobs': 21}")).param()).isEqualTo("logprobs");
    }
}
