package dev.osprey.gateway.openai;

import java.util.List;

/**
 * Chat fields this server does not implement yet. They are refused (400 naming the field) rather than
 * ignored, since a client relying on them would silently get something else; {@code response_format}
 * {@code {"type": "text"}}, the default, is accepted.
 */
final class UnimplementedFields {
    static final List<String> CHAT = List.of("tools", "tool_choice", "functions", "function_call");

    private UnimplementedFields() {}

    static void rejectInChat(JsonFields f) {
        for (String field : CHAT) {
            if (f.has(field)) {
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

    private static ApiException unsupported(String field, String message) {
        return ApiException.invalidRequest(field, "unsupported_parameter", message);
    }
}
