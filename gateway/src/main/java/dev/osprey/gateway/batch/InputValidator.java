package dev.osprey.gateway.batch;

import dev.osprey.gateway.openai.ApiException;
import dev.osprey.gateway.openai.ChatRequest;
import dev.osprey.gateway.openai.CompletionRequest;
import dev.osprey.gateway.openai.JsonFields;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates a batch input file line by line before anything is queued. Each non-blank line must be a
 * JSON object {@code {"custom_id", "method": "POST", "url": <the batch's endpoint>, "body"}} whose
 * {@code custom_id} is unique in the file and whose {@code body} the endpoint's parser accepts
 * ({@link CompletionRequest#parse}, {@link ChatRequest#parse}) without streaming. Blank lines are skipped
 * (line numbers still count them). Every invalid line is reported with its 1-based number, up to
 * {@link #MAX_REPORTED} of them; one error about the whole file has no line. Thread-safe.
 */
public final class InputValidator {
    public static final String COMPLETIONS = "/v1/completions";
    public static final String CHAT_COMPLETIONS = "/v1/chat/completions";
    public static final Set<String> ENDPOINTS = Set.of(COMPLETIONS, CHAT_COMPLETIONS);
    /** More invalid lines than this are not listed (the batch fails all the same). */
    public static final int MAX_REPORTED = 100;

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private final long maxLines;

    /** @param maxLines most requests a batch may hold */
    public InputValidator(long maxLines) {
        if (maxLines < 1) {
            throw new IllegalArgumentException("maxLines < 1");
        }
        this.maxLines = maxLines;
    }

    /** The valid lines in order, and the errors; the input is valid when {@code errors} is empty. */
    public record Result(List<BatchLine> lines, List<LineError> errors) {
        public Result {
            lines = List.copyOf(lines);
            errors = List.copyOf(errors);
        }

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** Reads {@code content} to its end (the caller closes it). */
    public Result validate(InputStream content, String endpoint) throws IOException {
        if (!ENDPOINTS.contains(endpoint)) {
            throw new IllegalArgumentException("not a batch endpoint: " + endpoint);
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<BatchLine> lines = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        int invalid = 0;
        Set<String> customIds = new HashSet<>();
        long number = 0;
        long requests = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(content, decoder), 1 << 16)) {
            String text;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                if (++requests > maxLines) {
                    errors.add(new LineError("batch_too_large", "The input file has more than " + maxLines
                            + " requests, the most a batch may hold; split it into several batches.", null, number));
                    return new Result(List.of(), errors);
                }
                try {
                    lines.add(line(text, number, endpoint, customIds));
                } catch (LineException e) {
                    if (++invalid <= MAX_REPORTED) {
                        errors.add(e.error);
                    }
                }
            }
        } catch (CharacterCodingException e) {
            errors.add(new LineError("invalid_encoding", "Line " + (number + 1)
                    + " is not UTF-8 text; the input file must be UTF-8 encoded JSONL.", null, number + 1));
            return new Result(List.of(), errors);
        }
        if (requests == 0) {
            errors.add(new LineError("empty_file", "The input file has no requests.", null, null));
        }
        if (invalid > MAX_REPORTED) {
            errors.add(new LineError("too_many_errors", (invalid - MAX_REPORTED) + " more invalid lines are not listed.",
                    null, null));
        }
        return errors.isEmpty() ? new Result(lines, List.of()) : new Result(List.of(), errors);
    }

    private BatchLine line(String text, long number, String endpoint, Set<String> customIds) {
        JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new LineException(new LineError("invalid_json_line", "Line " + number + " is not valid JSON: "
                    + e.getOriginalMessage(), null, number));
        }
        if (node == null || !node.isObject()) {
            throw new LineException(new LineError("invalid_json_line", "Line " + number
                    + " must be a JSON object, but got " + JsonFields.describe(node) + ".", null, number));
        }
        try {
            JsonFields f = JsonFields.body(node);
            String customId = f.requireString("custom_id");
            if (customId.isEmpty()) {
                throw ApiException.invalidRequest("custom_id", "invalid_value", "Invalid 'custom_id': empty string.");
            }
            if (!customIds.add(customId)) {
                throw ApiException.invalidRequest("custom_id", "duplicate_custom_id", "The custom_id '" + customId
                        + "' appears on more than one line; each request needs its own.");
            }
            String method = f.requireString("method");
            if (!method.equals("POST")) {
                throw ApiException.invalidRequest("method", "invalid_method", "Invalid 'method': '" + method
                        + "'. Batch requests use POST.");
            }
            String url = f.requireString("url");
            if (!url.equals(endpoint)) {
                throw ApiException.invalidRequest("url", "invalid_url", "The url '" + url
                        + "' does not match the batch's endpoint '" + endpoint + "'.");
            }
            JsonNode body = f.raw("body");
            if (body == null) {
                throw ApiException.missing("body");
            }
            if (!body.isObject()) {
                throw ApiException.wrongType("body", "an object", JsonFields.describe(body));
            }
            try {
                boolean stream = endpoint.equals(COMPLETIONS)
                        ? CompletionRequest.parse(body).stream()
                        : ChatRequest.parse(body).stream();
                if (stream) {
                    throw ApiException.invalidRequest("stream", "unsupported_value",
                            "Streaming is not available in a batch; set 'stream' to false or leave it out.");
                }
            } catch (ApiException e) {
                throw new ApiException(e.status(), e.type(), e.param() == null ? "body" : "body." + e.param(),
                        e.code(), e.getMessage());
            }
            return new BatchLine(number, customId, url, body);
        } catch (ApiException e) {
            throw new LineException(new LineError(e.code() == null ? "invalid_request" : e.code(),
                    "Line " + number + ": " + e.getMessage(), e.param(), number));
        }
    }

    /** One line's error, thrown out of {@link #line}. */
    private static final class LineException extends RuntimeException {
        final LineError error;

        LineException(LineError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }
}
