package dev.osprey.gateway.openai;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/chat/completions}. Osprey's extensions: {@code session_id} keeps the history
 * server-side (the request then carries only the new messages; an unknown id starts a session),
 * {@code repository_id} retrieves snippets from an indexed repository for the latest message,
 * {@link DebugOptions debug_options} shows them and the prompt.
 */
public record ChatRequest(String model, List<ChatMessageInput> messages, Sampling sampling, int n, boolean stream,
                          boolean includeUsage, String user, String sessionId, String repositoryId,
                          DebugOptions debug) {

    public static final int MAX_MESSAGES = 4096;

    public ChatRequest {
        messages = List.copyOf(messages);
    }

    public static ChatRequest parse(JsonNode body) {
        JsonFields f = JsonFields.body(body);
        String model = f.string("model").orElse("");
        List<ChatMessageInput> messages = messages(f);
        UnimplementedFields.rejectInChat(f);
        boolean logprobs = f.bool("logprobs", false);
        var topLogprobs = f.integer("top_logprobs", 0, Sampling.MAX_LOGPROBS);
        if (topLogprobs.isPresent() && !logprobs) {
            throw ApiException.invalidRequest("top_logprobs", "invalid_value",
                    "'top_logprobs' requires 'logprobs' to be true.");
        }
        Integer logprobCount = logprobs ? topLogprobs.orElse(0) : null;
        Sampling sampling = Sampling.read(f, logprobCount, "max_completion_tokens", "max_tokens");
        int n = f.integer("n", 1, CompletionRequest.MAX_N).orElse(1);
        boolean stream = f.bool("stream", false);
        boolean includeUsage = CompletionRequest.streamOptionsIncludeUsage(f, stream);
        String sessionId = f.string("session_id").map(id -> SessionIds.requireValid("session_id", id)).orElse(null);
        if (sessionId != null && n > 1) {
            throw ApiException.invalidRequest("n", "unsupported_value",
                    "n must be 1 with session_id: a session records one reply per turn.");
        }
        return new ChatRequest(model, messages, sampling, n, stream, includeUsage, f.string("user").orElse(null),
                sessionId, f.string("repository_id").orElse(null), DebugOptions.read(f));
    }

    private static List<ChatMessageInput> messages(JsonFields f) {
        if (!f.has("messages")) {
            throw ApiException.missing("messages");
        }
        List<JsonNode> items = f.array("messages");
        if (items.isEmpty()) {
            throw ApiException.invalidRequest("messages", "empty_array",
                    "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.");
        }
        if (items.size() > MAX_MESSAGES) {
            throw ApiException.outOfRange("messages", "at most " + MAX_MESSAGES + " messages, but got "
                    + items.size() + ".");
        }
        List<ChatMessageInput> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String path = "messages[" + i + "]";
            JsonFields m = JsonFields.object(items.get(i), path);
            String role = m.requireString("role");
            if (!ChatMessageInput.ROLES.contains(role)) {
                throw ApiException.invalidRequest(m.path("role"), "invalid_value", "Invalid value: '" + role
                        + "'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.");
            }
            out.add(new ChatMessageInput("developer".equals(role) ? "system" : role, content(m, role)));
        }
        return out;
    }

    /** A string, or an array of {@code {"type": "text", "text"}} parts joined; null only for assistants. */
    private static String content(JsonFields m, String role) {
        JsonNode v = m.raw("content");
        if (v == null) {
            if ("assistant".equals(role)) {
                return "";
            }
            throw ApiException.missing(m.path("content"));
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (!v.isArray()) {
            throw ApiException.wrongType(m.path("content"), "a string or an array of content parts",
                    JsonFields.describe(v));
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < v.size(); i++) {
            String path = m.path("content") + "[" + i + "]";
            JsonFields part = JsonFields.object(v.get(i), path);
            String type = part.requireString("type");
            if (!"text".equals(type)) {
                throw ApiException.invalidRequest(part.path("type"), "unsupported_value", "Content part type '"
                        + type + "' is not supported by this model; only 'text' is.");
            }
            text.append(part.requireString("text"));
        }
        return text.toString();
    }
}
