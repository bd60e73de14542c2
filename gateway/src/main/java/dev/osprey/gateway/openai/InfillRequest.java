package dev.osprey.gateway.openai;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/infill} with llama.cpp's fields: the code before the cursor ({@code input_prefix},
 * followed by {@code prompt} when given), after it ({@code input_suffix}), files the client chose
 * ({@code input_extra: [{filename, text}]}); Osprey adds {@code repository_id} (server-side
 * retrieval), {@code path} (the file being edited), {@code recent_files: [{filename, text}]} (files the client has
 * open or has just edited, most recent first: fresher than the index, searched for what the cursor names; they need
 * {@code repository_id}) and {@link DebugOptions debug_options}. {@code n_predict} or {@code max_tokens} bound the
 * output.
 */
public record InfillRequest(String model, String prefix, String suffix, List<ExtraFile> extra, String path,
                            String repositoryId, Sampling sampling, boolean stream, DebugOptions debug,
                            List<ExtraFile> recent) {

    /** A file llama.cpp's clients send as context ({@code input_extra}). */
    public record ExtraFile(String filename, String text) {}

    public static final int DEFAULT_MAX_TOKENS = 128;
    public static final int MAX_EXTRA_FILES = 256;
    public static final int MAX_RECENT_FILES = 64;

    public InfillRequest {
        extra = List.copyOf(extra);
        recent = List.copyOf(recent);
    }

    public static InfillRequest parse(JsonNode body) {
        JsonFields f = JsonFields.body(body);
        String prefix = f.string("input_prefix").orElse("") + f.string("prompt").orElse("");
        String suffix = f.string("input_suffix").orElse("");
        List<ExtraFile> extra = files(f, "input_extra", MAX_EXTRA_FILES);
        List<ExtraFile> recent = files(f, "recent_files", MAX_RECENT_FILES);
        String repositoryId = f.string("repository_id").orElse(null);
        if (!recent.isEmpty() && repositoryId == null) {
            throw ApiException.invalidRequest("recent_files", "missing_repository", "Invalid 'recent_files': recently"
                    + " opened or edited files are searched beside an indexed repository: send repository_id with them,"
                    + " or send files to include whole as input_extra.");
        }
        var logprobs = f.integer("n_probs", 0, Sampling.MAX_LOGPROBS);
        Sampling sampling = Sampling.read(f, logprobs.isPresent() && logprobs.getAsInt() > 0
                ? logprobs.getAsInt() : null, "n_predict", "max_tokens");
        if (sampling.maxTokens() == null) {
            sampling = sampling.withMaxTokens(DEFAULT_MAX_TOKENS);
        }
        return new InfillRequest(f.string("model").orElse(""), prefix, suffix, extra, f.string("path").orElse(""),
                repositoryId, sampling, f.bool("stream", false), DebugOptions.read(f), recent);
    }

    /** {@code [{filename, text}]} under {@code field}, at most {@code max}. */
    private static List<ExtraFile> files(JsonFields f, String field, int max) {
        List<JsonNode> items = f.array(field);
        if (items.size() > max) {
            throw ApiException.outOfRange(field, "at most " + max + " files, but got " + items.size() + ".");
        }
        List<ExtraFile> files = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonFields file = JsonFields.object(items.get(i), field + "[" + i + "]");
            files.add(new ExtraFile(file.string("filename").orElse(""), file.requireString("text")));
        }
        return files;
    }
}
