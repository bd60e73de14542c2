package dev.osprey.gateway.openai;

import java.util.Set;

/** One message of a chat request, its content flattened to text. */
public record ChatMessageInput(String role, String content) {

    static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
}
