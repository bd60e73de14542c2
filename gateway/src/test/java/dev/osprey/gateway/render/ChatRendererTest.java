package dev.osprey.gateway.render;

import static dev.osprey.gateway.TestJson.assertJson;
import static dev.osprey.gateway.render.Fixtures.collect;
import static dev.osprey.gateway.render.Fixtures.end;
import static dev.osprey.gateway.render.Fixtures.events;
import static dev.osprey.gateway.render.Fixtures.identity;
import static dev.osprey.gateway.render.Fixtures.prepared;
import static dev.osprey.gateway.render.Fixtures.prompt;
import static dev.osprey.gateway.render.Fixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gateway.completion.ChoiceEvent.Alternative;
import dev.osprey.gateway.completion.Prepared;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ChatRendererTest {
    private static final String HEAD = "'id': 'chatcmpl-1', 'created': 1700000000, 'model': 'm'";
    private static final String CHUNK = HEAD + ", 'object': 'chat.completion.chunk'";

    private static Prepared oneChoice() {
        return prepared(List.of(prompt("", 5, 6, 7)), 1, token(0, 1), token(0, 2), end(0, "stop", "!", 3, 2, 1));
    }

    @Test
    void response() {
        Prepared p = oneChoice();
        ObjectNode response = new ChatRenderer(identity("chatcmpl-1"), p, false, null).response(events(p));
        assertJson(response, "{" + HEAD + ", 'object': 'chat.completion', 'choices': [{'index': 0,"
                + " 'message': {'role': 'assistant', 'content': 'Hello world!'}, 'logprobs': null,"
                + " 'finish_reason': 'stop'}], 'usage': {'prompt_tokens': 3, 'completion_tokens': 2,"
                + " 'total_tokens': 5, 'prompt_tokens_details': {'cached_tokens': 1}}}");
    }

    @Test
    void responseWithSeveralChoicesAndASession() {
        Prepared p = prepared(List.of(prompt("", 5, 6)), 2,
                token(1, 3), token(0, 1), end(1, "length", "", 2, 1, 0), end(0, "stop", "", 2, 1, 2));
        ObjectNode response = new ChatRenderer(identity("chatcmpl-1"), p, false, "s1").response(events(p));
        assertThat(response.get("session_id").stringValue()).isEqualTo("s1");
        assertJson(response.get("choices"), "[{'index': 0, 'message': {'role': 'assistant', 'content': 'Hello'},"
                + " 'logprobs': null, 'finish_reason': 'stop'}, {'index': 1, 'message': {'role': 'assistant',"
                + " 'content': '!'}, 'logprobs': null, 'finish_reason': 'length'}]");
        assertJson(response.get("usage"), "{'prompt_tokens': 2, 'completion_tokens': 2, 'total_tokens': 4,"
                + " 'prompt_tokens_details': {'cached_tokens': 2}}");
    }

    @Test
    void logprobsContentWithBytesAndAlternatives() {
        Prepared p = prepared(List.of(prompt("", 5)), 1,
                token(0, 4, -0.5, new Alternative(4, -0.5), new Alternative(3, -2.0)), end(0, "stop", "", 1, 1, 0));
        ObjectNode response = new ChatRenderer(identity("chatcmpl-1"), p, true, null).response(events(p));
        assertJson(response.at("/choices/0/logprobs"), "{'content': [{'token': 'é', 'logprob': -0.5,"
                + " 'bytes': [195, 169], 'top_logprobs': [{'token': 'é', 'logprob': -0.5, 'bytes': [195, 169]},"
                + " {'token': '!', 'logprob': -2.0, 'bytes': [33]}]}]}");
    }

    @Test
    void streamingChunksAsOpenAiSendsThem() {
        Prepared p = oneChoice();
        List<ObjectNode> chunks = collect(new ChatRenderer(identity("chatcmpl-1"), p, false, null)
                .chunks(p.events(), false));
        assertThat(chunks).hasSize(5);
        assertJson(chunks.get(0), "{" + CHUNK + ", 'choices': [{'index': 0, 'delta': {'role': 'assistant',"
                + " 'content': ''}, 'logprobs': null, 'finish_reason': null}]}");
        assertJson(chunks.get(1), "{" + CHUNK + ", 'choices': [{'index': 0, 'delta': {'content': 'Hello'},"
                + " 'logprobs': null, 'finish_reason': null}]}");
        assertJson(chunks.get(2), "{" + CHUNK + ", 'choices': [{'index': 0, 'delta': {'content': ' world'},"
                + " 'logprobs': null, 'finish_reason': null}]}");
        assertJson(chunks.get(3), "{" + CHUNK + ", 'choices': [{'index': 0, 'delta': {'content': '!'},"
                + " 'logprobs': null, 'finish_reason': null}]}");
        assertJson(chunks.get(4), "{" + CHUNK + ", 'choices': [{'index': 0, 'delta': {},"
                + " 'logprobs': null, 'finish_reason': 'stop'}]}");
    }

    @Test
    void streamingUsageOnlyWhenAskedFor() {
        Prepared p = oneChoice();
        List<ObjectNode> chunks = collect(new ChatRenderer(identity("chatcmpl-1"), p, false, "s1")
                .chunks(p.events(), true));
        assertThat(chunks).hasSize(6);
        assertThat(chunks).allSatisfy(c -> assertThat(c.get("session_id").stringValue()).isEqualTo("s1"));
        assertThat(chunks.subList(0, 5)).allSatisfy(c -> assertThat(c.get("usage").isNull()).isTrue());
        assertJson(chunks.get(5), "{" + CHUNK + ", 'session_id': 's1', 'choices': [], 'usage': {'prompt_tokens': 3,"
                + " 'completion_tokens': 2, 'total_tokens': 5, 'prompt_tokens_details': {'cached_tokens': 1}}}");
        assertThat(collect(new ChatRenderer(identity("chatcmpl-1"), p, false, null).chunks(p.events(), false)))
                .allSatisfy(c -> assertThat(c.has("usage")).isFalse());
    }

    @Test
    void eachChoiceOpensWithTheRole() {
        Prepared p = prepared(List.of(prompt("", 5)), 2,
                token(1, 1), token(0, 2), end(0, "stop", "", 1, 1, 0), end(1, "length", "", 1, 1, 0));
        List<ObjectNode> chunks = collect(new ChatRenderer(identity("chatcmpl-1"), p, false, null)
                .chunks(p.events(), false));
        assertThat(chunks.stream().map(c -> c.at("/choices/0/index").intValue() + ":" + c.at("/choices/0/delta")))
                .containsExactly("1:{\"role\":\"assistant\",\"content\":\"\"}", "1:{\"content\":\"Hello\"}",
                        "0:{\"role\":\"assistant\",\"content\":\"\"}", "0:{\"content\":\" world\"}", "0:{}", "1:{}");
    }

    @Test
    void streamingLogprobs() {
        Prepared p = prepared(List.of(prompt("", 5)), 1, token(0, 3, -0.1), end(0, "stop", "", 1, 1, 0));
        List<ObjectNode> chunks = collect(new ChatRenderer(identity("chatcmpl-1"), p, true, null)
                .chunks(p.events(), false));
        assertThat(chunks.get(0).at("/choices/0/logprobs").isNull()).isTrue();
        assertJson(chunks.get(1).at("/choices/0/logprobs"),
                "{'content': [{'token': '!', 'logprob': -0.1, 'bytes': [33], 'top_logprobs': []}]}");
        assertThat(chunks.get(2).at("/choices/0/logprobs").isNull()).isTrue();
    }
}
