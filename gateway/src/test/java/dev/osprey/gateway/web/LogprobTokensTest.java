package dev.osprey.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gateway.FakeUpstreams;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Log-probability tokens are exactly what each token adds to the text, leading spaces included (the
 * tokenizer's Decode drops a SentencePiece token's leading space when it is decoded alone): joined
 * they are the content, and {@code text_offset} is cumulative.
 */
class LogprobTokensTest {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final List<String> CODE = List.of(" def", " main", "():", " return", " 0");
    /** " hi 😀!" with the emoji's four bytes cut after the second. */
    private static final List<byte[]> EMOJI = List.of(utf8(" hi"), new byte[] {' ', (byte) 0xF0, (byte) 0x9F},
            new byte[] {(byte) 0x98, (byte) 0x80}, utf8("!"));

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

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode post(String path, String body) {
        byte[] response = client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return MAPPER.readTree(response);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.stringValue()));
        return out;
    }

    @Test
    void completionTokensJoinToTheTextWithExactOffsets() {
        upstreams.reply(CODE.stream().map(LogprobTokensTest::utf8).toList());

        JsonNode choice = post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 8, \"logprobs\": 1}")
                .at("/choices/0");

        String text = choice.get("text").stringValue();
        assertThat(text).isEqualTo(" def main(): return 0");
        assertThat(strings(choice.at("/logprobs/tokens"))).containsExactlyElementsOf(CODE);
        assertThat(String.join("", strings(choice.at("/logprobs/tokens")))).isEqualTo(text);
        assertThat(choice.at("/logprobs/text_offset").valueStream().map(JsonNode::intValue).toList())
                .containsExactly(0, 4, 9, 12, 19);
    }

    @Test
    void echoedCompletionOffsetsStartAfterThePrompt() {
        upstreams.reply(CODE.stream().map(LogprobTokensTest::utf8).toList());

        JsonNode choice = post("/v1/completions", "{\"prompt\": [5, 6], \"max_tokens\": 2, \"logprobs\": 0,"
                + " \"echo\": true}").at("/choices/0");

        assertThat(choice.get("text").stringValue()).isEqualTo("t5t6 def main");
        assertThat(choice.at("/logprobs/text_offset").valueStream().map(JsonNode::intValue).toList())
                .containsExactly(4, 8);
    }

    @Test
    void chatTokensAndBytesJoinToTheContent() {
        upstreams.reply(CODE.stream().map(LogprobTokensTest::utf8).toList());

        JsonNode choice = post("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                + " \"logprobs\": true, \"top_logprobs\": 1}").at("/choices/0");

        String content = choice.at("/message/content").stringValue();
        assertThat(content).isEqualTo(" def main(): return 0");
        List<String> tokens = choice.at("/logprobs/content").valueStream().map(e -> e.get("token").stringValue()).toList();
        assertThat(tokens).containsExactlyElementsOf(CODE);
        assertThat(String.join("", tokens)).isEqualTo(content);
        assertThat(joinedBytes(choice.at("/logprobs/content"))).isEqualTo(utf8(content));
    }

    @Test
    void tokensThatCutACharacterKeepTheirExactBytes() {
        upstreams.reply(EMOJI);

        JsonNode chat = post("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                + " \"logprobs\": true}").at("/choices/0");
        String content = chat.at("/message/content").stringValue();
        assertThat(content).isEqualTo(" hi \uD83D\uDE00!");
        assertThat(joinedBytes(chat.at("/logprobs/content"))).isEqualTo(utf8(content));
        assertThat(chat.at("/logprobs/content").valueStream().map(e -> e.get("token").stringValue()).toList())
                .containsExactly(" hi", " \\xf0\\x9f", "\\x98\\x80", "!");

        JsonNode completion = post("/v1/completions", "{\"prompt\": \"x\", \"logprobs\": 0}").at("/choices/0");
        assertThat(completion.get("text").stringValue()).isEqualTo(content);
        assertThat(strings(completion.at("/logprobs/tokens")))
                .containsExactly(" hi", "bytes: \\xf0\\x9f", "bytes:\\x98\\x80", "!");
        assertThat(completion.at("/logprobs/text_offset").valueStream().map(JsonNode::intValue).toList())
                .containsExactly(0, 3, 4, 5);
    }

    private static byte[] joinedBytes(JsonNode content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.forEach(entry -> entry.get("bytes").forEach(b -> out.write(b.intValue())));
        return out.toByteArray();
    }
}
