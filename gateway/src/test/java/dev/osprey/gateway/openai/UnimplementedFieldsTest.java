package dev.osprey.gateway.openai;

import static dev.osprey.gateway.TestJson.json;
import static dev.osprey.gateway.openai.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Chat fields not implemented yet are refused by name instead of being ignored. */
class UnimplementedFieldsTest {
    private static final String USER = "{'role': 'user', 'content': 'hi'}";

    private static ChatRequest chat(String extra) {
        return ChatRequest.parse(json("{'messages': [" + USER + "], " + extra + "}"));
    }

    @Test
    void toolsAndFunctionsAreRefusedNamingTheField() {
        String tool = "{'type': 'function', 'function': {'name': 'f', 'parameters': {}}}";
        for (String[] c : new String[][] {
                {"tools", "[" + tool + "]"}, {"tool_choice", "'auto'"}, {"functions", "[{'name': 'f'}]"},
                {"function_call", "'auto'"}}) {
            ApiException e = rejected(() -> chat("'" + c[0] + "': " + c[1]));
            assertThat(e.param()).isEqualTo(c[0]);
            assertThat(e.code()).isEqualTo("unsupported_parameter");
            assertThat(e.getMessage()).isEqualTo(c[0] + " is not supported yet by this server.");
        }
    }

    @Test
    void valuesThatAskForNoToolsAreAccepted() {
        assertThat(chat("'tools': [], 'tool_choice': 'none', 'functions': [], 'function_call': 'none'").messages())
                .hasSize(1);
        assertThat(rejected(() -> chat("'tool_choice': 'required'")).param()).isEqualTo("tool_choice");
        assertThat(rejected(() -> chat("'tools': 'none'")).param()).isEqualTo("tools");
    }

    @Test
    void responseFormatTextIsTheDefaultAndAccepted() {
        assertThat(chat("'response_format': {'type': 'text'}").messages()).hasSize(1);
        assertThat(chat("'response_format': null").messages()).hasSize(1);
    }

    @Test
    void otherResponseFormatsAreRefused() {
        ApiException json = rejected(() -> chat("'response_format': {'type': 'json_object'}"));
        assertThat(json.param()).isEqualTo("response_format");
        assertThat(json.getMessage()).contains("'json_object'", "not supported yet");

        assertThat(rejected(() -> chat("'response_format': {'type': 'json_schema', 'json_schema': {}}")).param())
                .isEqualTo("response_format");
        assertThat(rejected(() -> chat("'response_format': 'json'")).param()).isEqualTo("response_format");
        assertThat(rejected(() -> chat("'response_format': {}")).param()).isEqualTo("response_format.type");
    }
}
