package dev.osprey.context.plan;

/** What the planner did with a candidate item. */
public enum Decision {
    INCLUDED,
    /** Included in part (cut at line boundaries). */
    TRIMMED,
    DROPPED
}
