package dev.osprey.context.plan;

/** What a candidate item of a prompt is. */
public enum ItemKind {
    SYSTEM_PROMPT,
    LATEST_MESSAGE,
    PREFIX,
    SUFFIX,
    SNIPPET,
    HISTORY_TURN,
    SUMMARY
}
