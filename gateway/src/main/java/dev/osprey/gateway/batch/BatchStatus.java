package dev.osprey.gateway.batch;

import java.util.Locale;

/** A batch's lifecycle, as OpenAI names it ({@link #wireName()}). */
public enum BatchStatus {
    VALIDATING, FAILED, IN_PROGRESS, FINALIZING, COMPLETED, EXPIRED, CANCELLING, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BatchStatus fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** No more results are collected and the status never changes again. */
    public boolean terminal() {
        return this == FAILED || this == COMPLETED || this == EXPIRED || this == CANCELLED;
    }

    /** Results are being collected (the requests are queued or being queued). */
    public boolean running() {
        return this == VALIDATING || this == IN_PROGRESS || this == CANCELLING;
    }
}
