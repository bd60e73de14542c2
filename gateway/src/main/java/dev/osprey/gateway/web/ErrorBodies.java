package dev.osprey.gateway.web;

import dev.osprey.gateway.openai.ApiException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
final class ErrorBodies {
    private ErrorBodies() {}

    static ObjectNode of(ApiException e) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type());
        if (e.param() == null) {
            error.putNull("param");
        } else {
            error.put("param", e.param());
        }
        if (e.code() == null) {
            error.putNull("code");
        } else {
            error.put("code", e.code());
        }
        return root;
    }
}
