package dev.osprey.tokenizer.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.tokenizer.TokenizerModel;
import dev.osprey.tokenizer.Vocabulary;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The chat templates of real tokenizer configs (see the README beside them), with expected prompts
 * written from each template's semantics.
 */
class RealChatTemplatesTest {

    private static JsonNode config(String model) {
        String resource = model + "/tokenizer_config.json";
        try (InputStream in = RealChatTemplatesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(resource, e);
        }
    }

    private static final String SYSTEM = "You are a helpful assistant.";

    @Nested
    class Qwen3 {
        private final ChatTemplate template = ChatTemplate.compile(
                config("qwen3").get("chat_template").asString(), "qwen3", Map.of("eos_token", "<|im_end|>"));

        @Test
        void systemAndUserWithGenerationPrompt() {
            String prompt = template.render(List.of(ChatMessage.system(SYSTEM), ChatMessage.user("hi")), true);

            assertThat(prompt).isEqualTo("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                    + "<|im_start|>user\nhi<|im_end|>\n"
                    + "<|im_start|>assistant\n");
        }

        @Test
        void withoutGenerationPromptTheConversationEndsAfterTheLastTurn() {
            String prompt = template.render(List.of(ChatMessage.system(SYSTEM), ChatMessage.user("hi")), false);

            assertThat(prompt).isEqualTo("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                    + "<|im_start|>user\nhi<|im_end|>\n");
        }

        @Test
        void userOnlyHasNoSystemTurn() {
            assertThat(template.render(List.of(ChatMessage.user("hi")), true))
                    .isEqualTo("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
        }

        @Test
        void multiTurnDropsReasoningFromEarlierAssistantTurns() {
            List<ChatMessage> conversation = List.of(
                    ChatMessage.system(SYSTEM),
                    ChatMessage.user("What is 2+2?"),
                    ChatMessage.assistant("<think>\nAdd them.\n</think>\n\n4"),
                    ChatMessage.user("And 3+3?"));

            assertThat(template.render(conversation, true)).isEqualTo(
                    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                            + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                            + "<|im_start|>assistant\n4<|im_end|>\n"
                            + "<|im_start|>user\nAnd 3+3?<|im_end|>\n"
                            + "<|im_start|>assistant\n");
        }

        @Test
        void finalAssistantTurnKeepsItsReasoningInThinkTags() {
            List<ChatMessage> conversation = List.of(
                    ChatMessage.user("hi"),
                    ChatMessage.assistant("<think>\nGreet back.\n</think>\n\nHello!"));

            assertThat(template.render(conversation, false)).isEqualTo(
                    "<|im_start|>user\nhi<|im_end|>\n"
                            + "<|im_start|>assistant\n<think>\nGreet back.\n</think>\n\nHello!<|im_end|>\n");
        }

        @Test
        void enableThinkingFalseAddsAnEmptyThinkBlock() {
            String prompt = template.render(List.of(ChatMessage.user("hi")), true, Map.of("enable_thinking", false));

            assertThat(prompt).isEqualTo("<|im_start|>user\nhi<|im_end|>\n"
                    + "<|im_start|>assistant\n<think>\n\n</think>\n\n");
        }

        @Test
        void toolsAreListedAsPythonJsonInTheSystemTurn() {
            Map<String, Object> city = new LinkedHashMap<>();
            city.put("type", "string");
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("type", "object");
            parameters.put("properties", Map.of("city", city));
            parameters.put("required", List.of("city"));
            Map<String, Object> function = new LinkedHashMap<>();
            function.put("name", "get_weather");
            function.put("description", "Weather in a city, in °C");
            function.put("parameters", parameters);
            Map<String, Object> tool = new LinkedHashMap<>();
            tool.put("type", "function");
            tool.put("function", function);

            String prompt = template.render(List.of(ChatMessage.system(SYSTEM), ChatMessage.user("Paris?")), true,
                    Map.of("tools", List.of(tool)));

            assertThat(prompt).isEqualTo("<|im_start|>system\nYou are a helpful assistant.\n\n"
                    + "# Tools\n\nYou may call one or more functions to assist with the user query.\n\n"
                    + "You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n"
                    + "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
                    + "\"description\": \"Weather in a city, in °C\", \"parameters\": {\"type\": \"object\", "
                    + "\"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}\n"
                    + "</tools>\n\nFor each function call, return a json object with function name and arguments "
                    + "within <tool_call></tool_call> XML tags:\n<tool_call>\n"
                    + "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call><|im_end|>\n"
                    + "<|im_start|>user\nParis?<|im_end|>\n"
                    + "<|im_start|>assistant\n");
        }

        @Test
        void toolResultsBecomeAUserTurnWithToolResponseTags() {
            List<ChatMessage> conversation = List.of(
                    ChatMessage.user("Paris?"),
                    ChatMessage.assistant("Checking."),
                    new ChatMessage("tool", "{\"temp\": 20}"),
                    new ChatMessage("tool", "{\"wind\": 3}"));

            assertThat(template.render(conversation, true)).isEqualTo(
                    "<|im_start|>user\nParis?<|im_end|>\n"
                            + "<|im_start|>assistant\nChecking.<|im_end|>\n"
                            + "<|im_start|>user\n<tool_response>\n{\"temp\": 20}\n</tool_response>\n"
                            + "<tool_response>\n{\"wind\": 3}\n</tool_response><|im_end|>\n"
                            + "<|im_start|>assistant\n");
        }
    }

    @Nested
    class Llama3 {
        private final ChatTemplate template = ChatTemplate.compile(config("llama3").get("chat_template").asString(),
                "llama3", Map.of("bos_token", "<|begin_of_text|>", "eos_token", "<|end_of_text|>"));

        @Test
        void trimsContentAndAlwaysEndsWithTheAssistantHeader() {
            String expected = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
                    + "You are a helpful assistant.<|eot_id|>"
                    + "<|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>"
                    + "<|start_header_id|>assistant<|end_header_id|>\n\n";
            List<ChatMessage> conversation = List.of(ChatMessage.system(SYSTEM), ChatMessage.user("  hi\n"));

            // This (original Llama 3) template ignores add_generation_prompt.
            assertThat(template.render(conversation, true)).isEqualTo(expected);
            assertThat(template.render(conversation, false)).isEqualTo(expected);
        }

        @Test
        void multiTurn() {
            List<ChatMessage> conversation = List.of(
                    ChatMessage.user("What is 2+2?"), ChatMessage.assistant("4"), ChatMessage.user("And 3+3?"));

            assertThat(template.render(conversation, true)).isEqualTo("<|begin_of_text|>"
                    + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
                    + "<|start_header_id|>assistant<|end_header_id|>\n\n4<|eot_id|>"
                    + "<|start_header_id|>user<|end_header_id|>\n\nAnd 3+3?<|eot_id|>"
                    + "<|start_header_id|>assistant<|end_header_id|>\n\n");
        }
    }

    @Nested
    class Llama2 {
        @Test
        void configHasNoTemplateSoTheVocabularyFallsBackToChatml() {
            JsonNode config = config("llama2");
            assertThat(config.has("chat_template")).isFalse();
            Vocabulary vocabulary = Vocabulary.builder(TokenizerModel.LLAMA)
                    .tokens(List.of("<unk>", config.get("bos_token").asString(), config.get("eos_token").asString()))
                    .special(Vocabulary.Role.UNK, 0).special(Vocabulary.Role.BOS, 1).special(Vocabulary.Role.EOS, 2)
                    .build();

            ChatTemplate template = ChatTemplates.forVocabulary(vocabulary);

            assertThat(template.templateSource()).isEqualTo(ChatTemplates.DEFAULT_CHATML);
            assertThat(template.render(List.of(ChatMessage.user("hi")), true))
                    .isEqualTo("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
        }
    }

    @Test
    void qwen3TemplateRejectsNothingItUses() {
        // Every filter, test and tag in the real templates resolves at compile time.
        assertThatThrownBy(() -> ChatTemplate.compile(config("qwen3").get("chat_template").asString()
                + "{{ 1 | no_such_filter }}", "qwen3+", Map.of()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("no_such_filter");
        ChatTemplate.compile(config("qwen3").get("chat_template").asString(), "qwen3", Map.of());
    }
}
