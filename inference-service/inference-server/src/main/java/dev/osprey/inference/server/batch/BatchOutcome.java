package dev.osprey.inference.server.batch;

import java.util.Locale;

/** How a batch request ended, as counted by {@code osprey.batch.requests{outcome}}. */
enum BatchOutcome {
    /** A generation that stopped or reached its length. */
    COMPLETED,
    /** An error result ({@code invalid_request}, {@code internal_error}), or a record that could not be read at all. */
    FAILED,
    /** Its batch was cancelled, or the request itself was cancelled while it ran. */
    CANCELLED;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
