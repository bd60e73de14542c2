package dev.osprey.tokenizer.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Thirty real chat templates rendered against the outputs llama.cpp's Jinja engine produces for
 * them (its tests/test-chat-template.cpp); see the README next to the data for how they were taken.
 */
class LlamaCppChatTemplateCasesTest {

    private static final String RESOURCE = "llama-cpp-chat-template-cases.json";

    static Stream<Arguments> cases() throws IOException {
        JsonNode root;
        try (InputStream in = LlamaCppChatTemplateCasesTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            root = new ObjectMapper().readTree(in);
        }
        Map<String, List<ChatMessage>> conversations = new LinkedHashMap<>();
        root.get("conversations").properties().forEach(entry -> {
            List<ChatMessage> messages = new ArrayList<>();
            for (JsonNode pair : entry.getValue()) {
                messages.add(new ChatMessage(pair.get(0).asString(), pair.get(1).asString()));
            }
            conversations.put(entry.getKey(), messages);
        });
        List<Arguments> arguments = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            arguments.add(Arguments.of(
                    c.get("name").asString(),
                    c.get("template").asString(),
                    Map.of("bos_token", c.get("bos_token").asString(), "eos_token", c.get("eos_token").asString()),
                    conversations.get(c.get("conversation").asString()),
                    c.get("expected").asString()));
        }
        assertThat(arguments).hasSize(30);
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersAsLlamaCppsJinjaEngineDoes(String name, String template, Map<String, String> tokens,
                                            List<ChatMessage> conversation, String expected) {
        ChatTemplate compiled = ChatTemplate.compile(template, name, tokens);

        assertThat(compiled.render(conversation, true)).isEqualTo(expected);
    }
}
