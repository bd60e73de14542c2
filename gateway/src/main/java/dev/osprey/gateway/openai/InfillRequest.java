package dev.osprey.gateway.openai;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/infill} with llama.cpp's fields: the code before the cursor ({@code input_prefix},
 * followed by {@code prompt} when given), after it ({@code input_suffix}), files the client chose
 * ({@code input_extra: [{filename, text}]}); Osprey adds {@code repository_id} (server-side
 * retrieval), {@code path} (the file being edited) and {@link DebugOptions debug_options}. {@code n_predict} or
 * {@code max_tokens} bound the output.
 */
public record InfillRequest(String model, String prefix, String suffix, List<ExtraFile> extra, String path,
                            String repositoryId, Sampling sampling, boolean stream, DebugOptions debug) {

    /** A file llama.cpp's clients send as context ({@code input_extra}). */
    public record ExtraFile(String filename, String text) {}

    public static final int DEFAULT_MAX_TOKENS = 128;
    public static final int MAX_EXTRA_FILES = 256;

    public InfillRequest {
        extra = List.copyOf(extra);
    }

    public static InfillRequest parse(JsonNode body) {
        JsonFields f = JsonFields.body(body);
        String prefix = f.string("input_prefix").orElse("") + f.string("prompt").orElse("");
        String suffix = f.string("input_suffix").orElse("");
        List<JsonNode> items = f.array("input_extra");
        if (items.size() > MAX_EXTRA_FILES) {
            throw ApiException.outOfRange("input_extra", "at most " + MAX_EXTRA_FILES + " files, but got "
                    + items.size() + ".");
        }
        List<ExtraFile> extra = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonFields file = JsonFields.object(items.get(i), "input_extra[" + i + "]");
            extra.add(new ExtraFile(file.string("filename").orElse(""), file.requireString("text")));
        }
        var logprobs = f.integer("n_probs", 0, Sampling.MAX_LOGPROBS);
        Sampling sampling = Sampling.read(f, logprobs.isPresent() && logprobs.getAsInt() > 0
                ? logprobs.getAsInt() : null, "n_predict", "max_tokens");
        if (sampling.maxTokens() == null) {
            sampling = sampling.withMaxTokens(DEFAULT_MAX_TOKENS);
        }
        return new InfillRequest(f.string("model").orElse(""), prefix, suffix, extra, f.string("path").orElse(""),
                f.string("repository_id").orElse(null), sampling, f.bool("stream", false), DebugOptions.read(f));
    }
}
