package dev.osprey.gateway.batch;

import java.util.Objects;

/**
 * A recorded result of one request: what goes to the output or error file.
 *
 * @param id        OpenAI's {@code batch_req_…} id of the result line
 * @param customId  the input line's {@code custom_id}
 * @param line      the input line (1-based); output files are ordered by it
 * @param requestId the {@code response.request_id}
 */
public record BatchResult(String id, String customId, long line, String requestId, BatchOutcome outcome) {
    public BatchResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customId, "customId");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(outcome, "outcome");
    }
}
