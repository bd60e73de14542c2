package dev.osprey.tokenizer.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One turn of a conversation as chat templates see it: {@code {"role": ..., "content": ...}}.
 * Roles are free text ("system", "user", "assistant", "tool", ...); whether a template accepts a
 * role is the template's business.
 *
 * @param role    who speaks; never null or blank
 * @param content what was said; never null (may be empty)
 */
public record ChatMessage(String role, String content) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        if (role.isBlank()) {
            throw new IllegalArgumentException("message role is blank");
        }
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content);
    }

    /** The mapping a template reads ({@code message['role']}, {@code message.content}); mutable, insertion-ordered. */
    Map<String, Object> toTemplateValue() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("role", role);
        map.put("content", content);
        return map;
    }
}
