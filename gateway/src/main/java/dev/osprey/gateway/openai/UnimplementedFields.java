package dev.osprey.gateway.openai;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Chat fields this server does not implement yet. They are refused (400 naming the field) rather than
 * ignored, since a client relying on them would silently get something else. Their values that ask for
 * nothing are accepted, as the defaults they are: {@code response_format} {@code {"type": "text"}}, an
 * empty {@code tools} or {@code functions} list, {@code tool_choice} or {@code function_call} {@code "none"}.
 */
final class UnimplementedFields {
    static final List<String> CHAT = List.of("tools", "tool_choice", "functions", "function_call");

    private UnimplementedFields() {}

    static void rejectInChat(JsonFields f) {
        for (String field : CHAT) {
            JsonNode value = f.raw(field);
            if (value != null && !asksForNothing(field, value)) {
                throw unsupported(field, field + " is not supported yet by this server.");
            }
        }
        var format = f.object("response_format");
        if (format.isPresent()) {
            String type = format.get().requireString("type");
            if (!type.equals("text")) {
                throw unsupported("response_format", "response_format of type '" + type
                        + "' is not supported yet by this server; only {\"type\": \"text\"} is.");
            }
        }
    }

    /** What a client sends when it offers no tools: an empty list, or the choice {@code "none"}. */
    private static boolean asksForNothing(String field, JsonNode value) {
        return field.equals("tools") || field.equals("functions")
                ? value.isArray() && value.isEmpty()
                : value.isString() && value.stringValue().equals("none");
    }

    private static ApiException unsupported(String field, String message) {
        return ApiException.invalidRequest(field, "unsupported_parameter", message);
    }
}
