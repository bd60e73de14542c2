package dev.osprey.gateway.openai;

import static dev.osprey.gateway.TestJson.json;
import static dev.osprey.gateway.openai.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InfillRequestTest {

    private static InfillRequest parse(String body) {
        return InfillRequest.parse(json(body));
    }

    @Test
    void llamaCppFields() {
        InfillRequest r = parse("{'input_prefix': 'def f(', 'prompt': 'x', 'input_suffix': '):', 'path': 'a.py',"
                + " 'repository_id': 'repo', 'stream': true, 'n_predict': 32, 'model': 'm',"
                + " 'input_extra': [{'filename': 'b.py', 'text': 'B'}, {'text': 'C'}]}");
        assertThat(r.prefix()).isEqualTo("def f(x");
        assertThat(r.suffix()).isEqualTo("):");
        assertThat(r.path()).isEqualTo("a.py");
        assertThat(r.repositoryId()).isEqualTo("repo");
        assertThat(r.model()).isEqualTo("m");
        assertThat(r.stream()).isTrue();
        assertThat(r.sampling().maxTokens()).isEqualTo(32);
        assertThat(r.extra()).containsExactly(new InfillRequest.ExtraFile("b.py", "B"),
                new InfillRequest.ExtraFile("", "C"));
    }

    @Test
    void defaults() {
        InfillRequest r = parse("{}");
        assertThat(r.prefix()).isEmpty();
        assertThat(r.suffix()).isEmpty();
        assertThat(r.extra()).isEmpty();
        assertThat(r.path()).isEmpty();
        assertThat(r.repositoryId()).isNull();
        assertThat(r.stream()).isFalse();
        assertThat(r.sampling().maxTokens()).isEqualTo(InfillRequest.DEFAULT_MAX_TOKENS);
        assertThat(r.sampling().logprobs()).isNull();
        assertThat(parse("{'prompt': 'p'}").prefix()).isEqualTo("p");
    }

    @Test
    void nPredictWinsOverMaxTokens() {
        assertThat(parse("{'n_predict': 8, 'max_tokens': 64}").sampling().maxTokens()).isEqualTo(8);
        assertThat(parse("{'max_tokens': 64}").sampling().maxTokens()).isEqualTo(64);
        assertThat(rejected(() -> parse("{'n_predict': 0}")).param()).isEqualTo("n_predict");
    }

    @Test
    void nProbsAskForLogprobs() {
        assertThat(parse("{'n_probs': 0}").sampling().logprobs()).isNull();
        assertThat(parse("{'n_probs': 3}").sampling().logprobs()).isEqualTo(3);
        assertThat(rejected(() -> parse("{'n_probs': 21}")).param()).isEqualTo("n_probs");
    }

    @Test
    void inputExtraIsValidated() {
        assertThat(rejected(() -> parse("{'input_extra': {'text': 'a'}}")).getMessage())
                .isEqualTo("Invalid type for 'input_extra': expected an array, but got an object instead.");
        assertThat(rejected(() -> parse("{'input_extra': ['a']}")).getMessage())
                .isEqualTo("Invalid type for 'input_extra[0]': expected an object, but got a string instead.");
        assertThat(rejected(() -> parse("{'input_extra': [{'text': 'a'}, {'filename': 'b'}]}")).getMessage())
                .isEqualTo("Missing required parameter: 'input_extra[1].text'.");
        assertThat(rejected(() -> parse("{'input_extra': [{'text': 'a', 'filename': 3}]}")).param())
                .isEqualTo("input_extra[0].filename");
        String many = "[" + "{'text': ''},".repeat(InfillRequest.MAX_EXTRA_FILES) + "{'text': ''}]";
        assertThat(rejected(() -> parse("{'input_extra': " + many + "}")).getMessage())
                .isEqualTo("Invalid 'input_extra': at most 256 files, but got 257.");
    }

    @Test
    void recentFilesComeWithARepository() {
        InfillRequest r = parse("{'repository_id': 'repo', 'recent_files': [{'filename': 'a.py', 'text': 'A'}]}");
        assertThat(r.recent()).containsExactly(new InfillRequest.ExtraFile("a.py", "A"));
        assertThat(parse("{}").recent()).isEmpty();
        ApiException noRepository = rejected(() -> parse("{'recent_files': [{'filename': 'a.py', 'text': 'A'}]}"));
        assertThat(noRepository.param()).isEqualTo("recent_files");
        assertThat(noRepository.getMessage()).contains("repository_id").contains("input_extra");
        assertThat(rejected(() -> parse("{'repository_id': 'r', 'recent_files': [{'filename': 'a.py'}]}")).getMessage())
                .isEqualTo("Missing required parameter: 'recent_files[0].text'.");
        String many = "[" + "{'text': ''},".repeat(InfillRequest.MAX_RECENT_FILES) + "{'text': ''}]";
        assertThat(rejected(() -> parse("{'repository_id': 'r', 'recent_files': " + many + "}")).getMessage())
                .isEqualTo("Invalid 'recent_files': at most 64 files, but got 65.");
    }

    @Test
    void prefixFieldsMustBeStrings() {
        assertThat(rejected(() -> parse("{'input_prefix': 1}")).param()).isEqualTo("input_prefix");
        assertThat(rejected(() -> parse("{'input_suffix': []}")).param()).isEqualTo("input_suffix");
    }
}
