package dev.osprey.context.compaction;

/** How turns that no longer fit were kept. */
public enum CompactionMethod {
    /** Nothing had to be compacted. */
    NONE,
    /** Summarised by the model (through the Inference service), cached per session. */
    MODEL_SUMMARY,
    /** Inference was unavailable: the turns' opening lines, trimmed to the budget. */
    EXTRACTIVE
}
