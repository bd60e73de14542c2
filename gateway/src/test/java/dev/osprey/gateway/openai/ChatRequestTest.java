package dev.osprey.gateway.openai;

import static dev.osprey.gateway.TestJson.json;
import static dev.osprey.gateway.openai.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChatRequestTest {
    private static final String USER = "{'role': 'user', 'content': 'hi'}";

    private static ChatRequest parse(String body) {
        return ChatRequest.parse(json(body));
    }

    private static ChatRequest withMessages(String messages) {
        return parse("{'model': 'm', 'messages': [" + messages + "]}");
    }

    @Test
    void aMinimalRequest() {
        ChatRequest r = withMessages(USER);
        assertThat(r.model()).isEqualTo("m");
        assertThat(r.messages()).containsExactly(new ChatMessageInput("user", "hi"));
        assertThat(r.sampling().maxTokens()).isNull();
        assertThat(r.sampling().logprobs()).isNull();
        assertThat(r.n()).isEqualTo(1);
        assertThat(r.stream()).isFalse();
        assertThat(r.includeUsage()).isFalse();
        assertThat(r.sessionId()).isNull();
        assertThat(r.repositoryId()).isNull();
    }

    @Test
    void messagesAreRequiredAndNonEmpty() {
        ApiException missing = rejected(() -> parse("{'model': 'm'}"));
        assertThat(missing.getMessage()).isEqualTo("Missing required parameter: 'messages'.");
        assertThat(rejected(() -> parse("{'messages': null}")).code()).isEqualTo("missing_required_parameter");
        ApiException empty = rejected(() -> parse("{'messages': []}"));
        assertThat(empty.code()).isEqualTo("empty_array");
        assertThat(empty.getMessage()).isEqualTo("Invalid 'messages': empty array. Expected an array with "
                + "minimum length 1, but got an empty array instead.");
        assertThat(rejected(() -> parse("{'messages': {}}")).getMessage())
                .isEqualTo("Invalid type for 'messages': expected an array, but got an object instead.");
        assertThat(rejected(() -> withMessages("'hi'")).getMessage())
                .isEqualTo("Invalid type for 'messages[0]': expected an object, but got a string instead.");
    }

    @Test
    void rolesAreValidatedAndDeveloperIsSystem() {
        ChatRequest r = withMessages("{'role': 'developer', 'content': 'be brief'}, " + USER
                + ", {'role': 'tool', 'content': '42'}");
        assertThat(r.messages()).extracting(ChatMessageInput::role).containsExactly("system", "user", "tool");
        ApiException bad = rejected(() -> withMessages(USER + ", {'role': 'robot', 'content': 'x'}"));
        assertThat(bad.param()).isEqualTo("messages[1].role");
        assertThat(bad.code()).isEqualTo("invalid_value");
        assertThat(bad.getMessage()).isEqualTo("Invalid value: 'robot'. Supported values are: 'system', "
                + "'developer', 'user', 'assistant' and 'tool'.");
        assertThat(rejected(() -> withMessages("{'content': 'x'}")).getMessage())
                .isEqualTo("Missing required parameter: 'messages[0].role'.");
    }

    @Test
    void contentPartsAreJoined() {
        ChatRequest r = withMessages("{'role': 'user', 'content': [{'type': 'text', 'text': 'a'},"
                + " {'type': 'text', 'text': 'b'}]}");
        assertThat(r.messages().getFirst().content()).isEqualTo("ab");
        ApiException image = rejected(() -> withMessages("{'role': 'user', 'content': [{'type': 'text', 'text': 'a'},"
                + " {'type': 'image_url', 'image_url': {}}]}"));
        assertThat(image.param()).isEqualTo("messages[0].content[1].type");
        assertThat(image.code()).isEqualTo("unsupported_value");
        assertThat(rejected(() -> withMessages("{'role': 'user', 'content': [{'type': 'text'}]}")).getMessage())
                .isEqualTo("Missing required parameter: 'messages[0].content[0].text'.");
        assertThat(rejected(() -> withMessages("{'role': 'user', 'content': 5}")).getMessage())
                .isEqualTo("Invalid type for 'messages[0].content': expected a string or an array of content parts, "
                        + "but got an integer instead.");
    }

    @Test
    void onlyAssistantsMayOmitContent() {
        assertThat(withMessages(USER + ", {'role': 'assistant', 'content': null}").messages().get(1))
                .isEqualTo(new ChatMessageInput("assistant", ""));
        assertThat(withMessages(USER + ", {'role': 'assistant'}").messages().get(1).content()).isEmpty();
        assertThat(rejected(() -> withMessages("{'role': 'user', 'content': null}")).getMessage())
                .isEqualTo("Missing required parameter: 'messages[0].content'.");
    }

    @Test
    void topLogprobsNeedLogprobs() {
        ApiException e = rejected(() -> parse("{'messages': [" + USER + "], 'top_logprobs': 2}"));
        assertThat(e.param()).isEqualTo("top_logprobs");
        assertThat(e.getMessage()).isEqualTo("'top_logprobs' requires 'logprobs' to be true.");
        assertThat(parse("{'messages': [" + USER + "], 'logprobs': true, 'top_logprobs': 2}").sampling().logprobs())
                .isEqualTo(2);
        assertThat(parse("{'messages': [" + USER + "], 'logprobs': true}").sampling().logprobs()).isZero();
        assertThat(parse("{'messages': [" + USER + "], 'logprobs': false}").sampling().logprobs()).isNull();
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        assertThat(parse("{'messages': [" + USER + "], 'max_tokens': 10, 'max_completion_tokens': 20}")
                .sampling().maxTokens()).isEqualTo(20);
        assertThat(parse("{'messages': [" + USER + "], 'max_tokens': 10}").sampling().maxTokens()).isEqualTo(10);
        assertThat(rejected(() -> parse("{'messages': [" + USER + "], 'max_tokens': 0, 'max_completion_tokens': 5}"))
                .param()).isEqualTo("max_tokens");
    }

    @Test
    void sessionsAnswerOneChoice() {
        ChatRequest r = parse("{'messages': [" + USER + "], 'session_id': 's1', 'repository_id': 'r1', 'n': 1}");
        assertThat(r.sessionId()).isEqualTo("s1");
        assertThat(r.repositoryId()).isEqualTo("r1");
        ApiException e = rejected(() -> parse("{'messages': [" + USER + "], 'session_id': 's1', 'n': 2}"));
        assertThat(e.param()).isEqualTo("n");
        assertThat(e.code()).isEqualTo("unsupported_value");
        assertThat(parse("{'messages': [" + USER + "], 'n': 2}").n()).isEqualTo(2);
    }

    @Test
    void streamOptions() {
        assertThat(parse("{'messages': [" + USER + "], 'stream': true, 'stream_options': {'include_usage': true}}")
                .includeUsage()).isTrue();
        assertThat(rejected(() -> parse("{'messages': [" + USER + "], 'stream_options': {'include_usage': true}}"))
                .param()).isEqualTo("stream_options");
    }
}
