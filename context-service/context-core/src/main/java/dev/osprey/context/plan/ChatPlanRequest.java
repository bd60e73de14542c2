package dev.osprey.context.plan;

import dev.osprey.context.conversation.SessionKey;
import dev.osprey.context.conversation.Turn;
import dev.osprey.context.window.Task;
import java.util.List;
import java.util.Objects;

/**
 * A chat turn to plan.
 *
 * @param session         the session whose summaries may be reused, or null
 * @param systemPrompt    instructions placed first, or empty
 * @param history         earlier turns, oldest first (without the latest message)
 * @param latestMessage   the user's new message
 * @param snippets        retrieved repository code, any order
 * @param maxOutputTokens reserved for the answer
 * @param task            {@link Task#CHAT} or {@link Task#REPOSITORY_CHAT}
 */
public record ChatPlanRequest(SessionKey session, String systemPrompt, List<Turn> history, String latestMessage,
                              List<Snippet> snippets, int maxOutputTokens, Task task) {
    public ChatPlanRequest {
        systemPrompt = systemPrompt == null ? "" : systemPrompt;
        history = List.copyOf(history);
        Objects.requireNonNull(latestMessage, "latestMessage");
        snippets = List.copyOf(snippets);
        Objects.requireNonNull(task, "task");
        if (task == Task.INFILL) {
            throw new IllegalArgumentException("a chat plan's task is CHAT or REPOSITORY_CHAT, not INFILL");
        }
    }
}
