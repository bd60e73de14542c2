package dev.osprey.context.session;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Who wrote a message, by its chat-template name ({@code system}, {@code user}, {@code assistant}, {@code tool}). */
public enum Role {
    SYSTEM, USER, ASSISTANT, TOOL;

    /** The name used in chat templates, the OpenAI API and the store: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the field {@code role} when {@code name} is not a role
     */
    public static Role of(String name) {
        if (name != null) {
            for (Role role : values()) {
                if (role.wireName().equalsIgnoreCase(name.strip())) {
                    return role;
                }
            }
        }
        throw new IllegalArgumentException("role: unknown role '" + name + "' (expected one of "
                + Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return wireName();
    }
}
