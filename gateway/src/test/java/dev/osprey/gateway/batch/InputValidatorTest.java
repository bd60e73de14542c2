package dev.osprey.gateway.batch;

import static dev.osprey.gateway.batch.BatchInputs.chatLine;
import static dev.osprey.gateway.batch.BatchInputs.completionLine;
import static dev.osprey.gateway.batch.BatchInputs.jsonl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.osprey.gateway.TestJson;
import dev.osprey.gateway.openai.ApiException;
import dev.osprey.gateway.openai.ChatRequest;
import dev.osprey.gateway.openai.CompletionRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputValidatorTest {
    private final InputValidator validator = new InputValidator(50);

    private InputValidator.Result validate(String content, String endpoint) throws IOException {
        return validator.validate(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), endpoint);
    }

    private LineError onlyError(String content) throws IOException {
        InputValidator.Result result = validate(content, InputValidator.COMPLETIONS);
        assertThat(result.valid()).isFalse();
        assertThat(result.lines()).isEmpty();
        assertThat(result.errors()).hasSize(1);
        return result.errors().getFirst();
    }

    @Test
    void validLinesAreKeptInOrderWithTheirNumbersAndBodies() throws IOException {
        var result = validate(jsonl(List.of(completionLine("a"), "", "   ", completionLine("b"))),
                InputValidator.COMPLETIONS);

        assertThat(result.valid()).isTrue();
        assertThat(result.lines()).extracting(BatchLine::line).containsExactly(1L, 4L);
        assertThat(result.lines()).extracting(BatchLine::customId).containsExactly("a", "b");
        assertThat(result.lines().getFirst().url()).isEqualTo("/v1/completions");
        TestJson.assertJson(result.lines().getFirst().body(), "{'model':'tiny','prompt':'def fa():','max_tokens':8}");
    }

    @Test
    void chatLinesAreValidatedByTheChatParser() throws IOException {
        assertThat(validate(jsonl(List.of(chatLine("a"))), InputValidator.CHAT_COMPLETIONS).valid()).isTrue();

        var result = validate(jsonl(List.of(chatLine("a").replace("[{\"role\":\"user\",\"content\":\"hi\"}]", "[]"))),
                InputValidator.CHAT_COMPLETIONS);
        String parser = catchThrowableOfType(ApiException.class,
                () -> ChatRequest.parse(TestJson.json("{'model':'tiny','messages':[]}"))).getMessage();
        assertThat(result.errors()).containsExactly(new LineError("empty_array", "Line 1: " + parser,
                "body.messages", 1L));
    }

    @Test
    void malformedJsonIsReportedWithItsLine() throws IOException {
        LineError e = onlyError(jsonl(List.of(completionLine("a"), "{\"custom_id\": \"b\",", completionLine("c"))));

        assertThat(e.code()).isEqualTo("invalid_json_line");
        assertThat(e.line()).isEqualTo(2L);
        assertThat(e.message()).startsWith("Line 2 is not valid JSON");
    }

    @Test
    void trailingGarbageAndNonObjectsAreMalformed() throws IOException {
        assertThat(onlyError(completionLine("a") + " {}\n").code()).isEqualTo("invalid_json_line");
        LineError array = onlyError("[1, 2]\n");
        assertThat(array.code()).isEqualTo("invalid_json_line");
        assertThat(array.message()).isEqualTo("Line 1 must be a JSON object, but got an array.");
    }

    @Test
    void missingCustomIdNamesTheField() throws IOException {
        LineError e = onlyError(jsonl(List.of(completionLine("a"),
                "{\"method\":\"POST\",\"url\":\"/v1/completions\",\"body\":{\"prompt\":\"x\"}}")));

        assertThat(e).isEqualTo(new LineError("missing_required_parameter",
                "Line 2: Missing required parameter: 'custom_id'.", "custom_id", 2L));
    }

    @Test
    void duplicateCustomIdIsReportedOnTheSecondOccurrence() throws IOException {
        LineError e = onlyError(jsonl(List.of(completionLine("a"), completionLine("b"), completionLine("a"))));

        assertThat(e.code()).isEqualTo("duplicate_custom_id");
        assertThat(e.param()).isEqualTo("custom_id");
        assertThat(e.line()).isEqualTo(3L);
        assertThat(e.message()).contains("'a'");
    }

    @Test
    void wrongMethodIsRefused() throws IOException {
        LineError e = onlyError(jsonl(List.of(completionLine("a").replace("\"POST\"", "\"GET\""))));

        assertThat(e).isEqualTo(new LineError("invalid_method", "Line 1: Invalid 'method': 'GET'. Batch requests use POST.",
                "method", 1L));
    }

    @Test
    void urlMustBeTheBatchEndpoint() throws IOException {
        LineError e = onlyError(jsonl(List.of(completionLine("a"), chatLine("b"))));

        assertThat(e).isEqualTo(new LineError("invalid_url", "Line 2: The url '/v1/chat/completions' does not match "
                + "the batch's endpoint '/v1/completions'.", "url", 2L));
    }

    @Test
    void invalidBodyFieldCarriesTheParsersMessage() throws IOException {
        String body = "{'model':'tiny','prompt':'x','temperature':'hot'}";
        String parser = catchThrowableOfType(ApiException.class, () -> CompletionRequest.parse(TestJson.json(body)))
                .getMessage();

        LineError e = onlyError(jsonl(List.of(completionLine("a"),
                "{\"custom_id\":\"b\",\"method\":\"POST\",\"url\":\"/v1/completions\",\"body\":"
                        + body.replace('\'', '"') + "}")));

        assertThat(e).isEqualTo(new LineError("invalid_type", "Line 2: " + parser, "body.temperature", 2L));
    }

    @Test
    void missingOrNonObjectBodyAndStreamingAreRefused() throws IOException {
        assertThat(onlyError("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/completions\"}\n").param())
                .isEqualTo("body");
        assertThat(onlyError("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/completions\",\"body\":\"x\"}\n")
                .code()).isEqualTo("invalid_type");
        LineError stream = onlyError(completionLine("a").replace("\"max_tokens\":8", "\"stream\":true") + "\n");
        assertThat(stream.param()).isEqualTo("body.stream");
        assertThat(stream.code()).isEqualTo("unsupported_value");
    }

    @Test
    void everyInvalidLineIsReportedAtOnce() throws IOException {
        var result = validate(jsonl(List.of("nope", completionLine("a"), completionLine("a"),
                completionLine("c").replace("\"POST\"", "\"PUT\""))), InputValidator.COMPLETIONS);

        assertThat(result.errors()).extracting(LineError::line).containsExactly(1L, 3L, 4L);
        assertThat(result.errors()).extracting(LineError::code)
                .containsExactly("invalid_json_line", "duplicate_custom_id", "invalid_method");
        assertThat(result.lines()).isEmpty();
    }

    @Test
    void emptyFileAndBlankFileFail() throws IOException {
        assertThat(onlyError("")).isEqualTo(new LineError("empty_file", "The input file has no requests.", null, null));
        assertThat(onlyError("\n  \n\n").code()).isEqualTo("empty_file");
    }

    @Test
    void moreLinesThanTheLimitFail() throws IOException {
        LineError e = onlyError(BatchInputs.completions(51));

        assertThat(e.code()).isEqualTo("batch_too_large");
        assertThat(e.line()).isEqualTo(51L);
        assertThat(validate(BatchInputs.completions(50), InputValidator.COMPLETIONS).valid()).isTrue();
    }

    @Test
    void invalidUtf8Fails() throws IOException {
        byte[] bytes = (completionLine("a") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, broken, 0, bytes.length);
        broken[bytes.length] = (byte) 0xC3;
        broken[bytes.length + 1] = (byte) 0x28;

        var result = validator.validate(new ByteArrayInputStream(broken), InputValidator.COMPLETIONS);

        assertThat(result.errors()).extracting(LineError::code).containsExactly("invalid_encoding");
    }
}
