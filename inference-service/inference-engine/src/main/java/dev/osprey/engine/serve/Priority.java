package dev.osprey.engine.serve;

/** Scheduling class: every interactive request is served before any batch request and may preempt one. */
public enum Priority {
    INTERACTIVE,
    BATCH
}
