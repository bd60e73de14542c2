package dev.osprey.gateway.openai;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/completions}: one or more prompts (OpenAI's string, array of strings, array of token
 * ids or array of token-id arrays), each answered with {@code n} choices. With {@code suffix} the
 * prompt is the code before the cursor and the model fills in the middle. {@link DebugOptions debug_options}
 * needs a single prompt.
 */
public record CompletionRequest(String model, List<PromptInput> prompts, String suffix, Sampling sampling, int n,
                                boolean echo, boolean stream, boolean includeUsage, String user, DebugOptions debug) {

    public static final int MAX_N = 16;
    public static final int MAX_PROMPTS = 64;
    /** OpenAI's default for {@code /v1/completions}. */
    public static final int DEFAULT_MAX_TOKENS = 16;

    public CompletionRequest {
        prompts = List.copyOf(prompts);
    }

    public static CompletionRequest parse(JsonNode body) {
        JsonFields f = JsonFields.body(body);
        String model = f.string("model").orElse("");
        List<PromptInput> prompts = prompts(f);
        String suffix = f.string("suffix").orElse(null);
        var logprobs = f.integer("logprobs", 0, Sampling.MAX_LOGPROBS);
        Sampling sampling = Sampling.read(f, logprobs.isPresent() ? logprobs.getAsInt() : null, "max_tokens");
        if (sampling.maxTokens() == null) {
            sampling = sampling.withMaxTokens(DEFAULT_MAX_TOKENS);
        }
        int n = f.integer("n", 1, MAX_N).orElse(1);
        var bestOf = f.integer("best_of", 1, MAX_N);
        if (bestOf.isPresent() && bestOf.getAsInt() != n) {
            throw ApiException.invalidRequest("best_of", "unsupported_value",
                    "best_of different from n is not supported; leave it out or set it to n.");
        }
        boolean stream = f.bool("stream", false);
        boolean echo = f.bool("echo", false);
        if (echo && suffix != null) {
            throw ApiException.invalidRequest("echo", "unsupported_value", "echo cannot be combined with suffix.");
        }
        boolean includeUsage = streamOptionsIncludeUsage(f, stream);
        DebugOptions debug = DebugOptions.read(f);
        if (debug.requested() && prompts.size() > 1) {
            throw ApiException.invalidRequest("debug_options", "unsupported_value",
                    "debug_options describes one prompt; send one prompt, not " + prompts.size() + ".");
        }
        return new CompletionRequest(model, prompts, suffix, sampling, n, echo, stream, includeUsage,
                f.string("user").orElse(null), debug);
    }

    private static List<PromptInput> prompts(JsonFields f) {
        JsonNode v = f.raw("prompt");
        if (v == null) {
            throw ApiException.missing("prompt");
        }
        if (v.isString()) {
            return List.of(new PromptInput.Text(v.stringValue()));
        }
        if (!v.isArray()) {
            throw ApiException.wrongType("prompt", "a string, an array of strings or an array of token ids",
                    JsonFields.describe(v));
        }
        if (v.isEmpty()) {
            throw ApiException.invalidRequest("prompt", "invalid_value", "Invalid 'prompt': empty array.");
        }
        if (v.get(0).isNumber()) {
            return List.of(new PromptInput.Tokens(tokenIds(v, "prompt")));
        }
        if (v.size() > MAX_PROMPTS) {
            throw ApiException.outOfRange("prompt", "at most " + MAX_PROMPTS + " prompts per request, but got "
                    + v.size() + ".");
        }
        List<PromptInput> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String path = "prompt[" + i + "]";
            if (item.isString()) {
                out.add(new PromptInput.Text(item.stringValue()));
            } else if (item.isArray()) {
                out.add(new PromptInput.Tokens(tokenIds(item, path)));
            } else {
                throw ApiException.wrongType(path, "a string or an array of token ids", JsonFields.describe(item));
            }
        }
        return out;
    }

    static List<Integer> tokenIds(JsonNode array, String path) {
        if (array.isEmpty()) {
            throw ApiException.invalidRequest(path, "invalid_value", "Invalid '" + path + "': empty token array.");
        }
        List<Integer> ids = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode id = array.get(i);
            String idPath = path + "[" + i + "]";
            if (!id.isIntegralNumber()) {
                throw ApiException.wrongType(idPath, "a non-negative integer token id", JsonFields.describe(id));
            }
            if (id.doubleValue() < 0) {
                throw ApiException.outOfRange(idPath, "integer below minimum value. Expected a value >= 0, but got "
                        + id.asString() + " instead.");
            }
            if (!id.canConvertToInt()) {
                throw ApiException.outOfRange(idPath, "integer above maximum value. Expected a value <= "
                        + Integer.MAX_VALUE + ", but got " + id.asString() + " instead.");
            }
            ids.add(id.intValue());
        }
        return ids;
    }

    static boolean streamOptionsIncludeUsage(JsonFields f, boolean stream) {
        var options = f.object("stream_options");
        if (options.isEmpty()) {
            return false;
        }
        if (!stream) {
            throw ApiException.invalidRequest("stream_options", "invalid_value",
                    "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
        }
        return options.get().bool("include_usage", false);
    }
}
