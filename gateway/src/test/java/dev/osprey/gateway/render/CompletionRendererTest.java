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

class CompletionRendererTest {
    private static final String HEAD = "'id': 'cmpl-1', 'object': 'text_completion', 'created': 1700000000, 'model': 'm'";

    /** Two prompts (3 and 2 tokens) × n = 2, events interleaved across choices. */
    private static Prepared twoPromptsTwoChoices() {
        return prepared(List.of(prompt("A", 10, 11, 12), prompt("BB", 13, 14)), 2,
                token(2, 1),
                token(0, 2),
                end(0, "stop", "!", 3, 1, 2),
                end(2, "length", "", 2, 1, 0),
                token(1, 3),
                end(1, "stop", "", 3, 1, 2),
                token(3, 4),
                end(3, "stop", "", 2, 1, 1));
    }

    @Test
    void choicesByIndexWithUsageCountingEachPromptOnce() {
        Prepared p = twoPromptsTwoChoices();
        ObjectNode response = new CompletionRenderer(identity("cmpl-1"), p, false, false).response(events(p));
        assertJson(response, "{" + HEAD + ", 'choices': ["
                + "{'index': 0, 'text': ' world!', 'logprobs': null, 'finish_reason': 'stop'},"
                + "{'index': 1, 'text': '!', 'logprobs': null, 'finish_reason': 'stop'},"
                + "{'index': 2, 'text': 'Hello', 'logprobs': null, 'finish_reason': 'length'},"
                + "{'index': 3, 'text': 'é', 'logprobs': null, 'finish_reason': 'stop'}],"
                + " 'usage': {'prompt_tokens': 5, 'completion_tokens': 4, 'total_tokens': 9,"
                + " 'prompt_tokens_details': {'cached_tokens': 2}}}");
    }

    @Test
    void echoPrependsEachChoicesPrompt() {
        Prepared p = twoPromptsTwoChoices();
        ObjectNode response = new CompletionRenderer(identity("cmpl-1"), p, true, false).response(events(p));
        assertThat(response.get("choices").valueStream().map(c -> c.get("text").stringValue()))
                .containsExactly("A world!", "A!", "BBHello", "BBé");
    }

    @Test
    void legacyLogprobsObject() {
        Prepared p = prepared(List.of(prompt("ab", 7, 8)), 1,
                token(0, 1, -0.5, new Alternative(1, -0.5), new Alternative(2, -1.5)),
                token(0, 2, -0.25, new Alternative(2, -0.25)),
                end(0, "length", "", 2, 2, 0));
        ObjectNode plain = new CompletionRenderer(identity("cmpl-1"), p, false, true).response(events(p));
        assertJson(plain.get("choices").get(0), "{'index': 0, 'text': 'Hello world', 'finish_reason': 'length',"
                + " 'logprobs': {'tokens': ['Hello', ' world'], 'token_logprobs': [-0.5, -0.25],"
                + " 'top_logprobs': [{'Hello': -0.5, ' world': -1.5}, {' world': -0.25}], 'text_offset': [0, 5]}}");
        ObjectNode echoed = new CompletionRenderer(identity("cmpl-1"), p, true, true).response(events(p));
        assertJson(echoed.at("/choices/0/logprobs/text_offset"), "[2, 7]");
        assertThat(echoed.at("/choices/0/text").stringValue()).isEqualTo("abHello world");
    }

    @Test
    void streamingChunks() {
        Prepared p = prepared(List.of(prompt("ab", 7)), 1, token(0, 1), token(0, 2), end(0, "stop", "!", 1, 2, 0));
        List<ObjectNode> chunks = collect(new CompletionRenderer(identity("cmpl-1"), p, true, false)
                .chunks(p.events(), false));
        assertThat(chunks).hasSize(3);
        assertJson(chunks.get(0), "{" + HEAD
                + ", 'choices': [{'index': 0, 'text': 'abHello', 'logprobs': null, 'finish_reason': null}]}");
        assertJson(chunks.get(1), "{" + HEAD
                + ", 'choices': [{'index': 0, 'text': ' world', 'logprobs': null, 'finish_reason': null}]}");
        assertJson(chunks.get(2), "{" + HEAD
                + ", 'choices': [{'index': 0, 'text': '!', 'logprobs': null, 'finish_reason': 'stop'}]}");
    }

    @Test
    void streamingUsageComesLastWhenAskedFor() {
        Prepared p = twoPromptsTwoChoices();
        List<ObjectNode> chunks = collect(new CompletionRenderer(identity("cmpl-1"), p, false, false)
                .chunks(p.events(), true));
        assertThat(chunks).hasSize(9);
        assertThat(chunks.subList(0, 8)).allSatisfy(c -> {
            assertThat(c.get("usage").isNull()).isTrue();
            assertThat(c.get("choices").size()).isEqualTo(1);
        });
        assertThat(chunks.subList(0, 8).stream().map(c -> c.at("/choices/0/index").intValue()))
                .containsExactly(2, 0, 0, 2, 1, 1, 3, 3);
        assertJson(chunks.get(8), "{" + HEAD + ", 'choices': [], 'usage': {'prompt_tokens': 5,"
                + " 'completion_tokens': 4, 'total_tokens': 9, 'prompt_tokens_details': {'cached_tokens': 2}}}");
        assertThat(collect(new CompletionRenderer(identity("cmpl-1"), p, false, false).chunks(p.events(), false)))
                .hasSize(8).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
    }

    @Test
    void streamingLogprobsContinueTheTextOffset() {
        Prepared p = prepared(List.of(prompt("ab", 7)), 1,
                token(0, 1, -0.5, new Alternative(1, -0.5)), token(0, 2, -0.25), end(0, "length", "", 1, 2, 0));
        List<ObjectNode> chunks = collect(new CompletionRenderer(identity("cmpl-1"), p, true, true)
                .chunks(p.events(), false));
        assertJson(chunks.get(0).at("/choices/0/logprobs"), "{'tokens': ['Hello'], 'token_logprobs': [-0.5],"
                + " 'top_logprobs': [{'Hello': -0.5}], 'text_offset': [2]}");
        assertJson(chunks.get(1).at("/choices/0/logprobs"), "{'tokens': [' world'], 'token_logprobs': [-0.25],"
                + " 'top_logprobs': [{}], 'text_offset': [7]}");
        assertThat(chunks.get(2).at("/choices/0/logprobs").isNull()).isTrue();
    }
}
