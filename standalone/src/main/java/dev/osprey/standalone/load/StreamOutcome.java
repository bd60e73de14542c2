package dev.osprey.standalone.load;

/**
 * How one streaming request ended, as the client saw it.
 *
 * @param status          the HTTP status (0 when the connection failed)
 * @param complete        a 200 stream that delivered a finish_reason and {@code data: [DONE]}
 * @param tokens          content chunks received
 * @param firstTokenNanos from sending the request to the first content chunk (0 without one)
 * @param totalNanos      from sending the request to the end of the response
 * @param retryAfterSeconds the {@code Retry-After} of a 429, else 0
 * @param error           what went wrong, for anything but a complete stream or a 429
 */
record StreamOutcome(int status, boolean complete, int tokens, long firstTokenNanos, long totalNanos,
                     long retryAfterSeconds, String error) {

    boolean rateLimited() {
        return status == 429;
    }

    /** A 200 whose stream broke off: a lost stream. */
    boolean lost() {
        return status == 200 && !complete;
    }
}
