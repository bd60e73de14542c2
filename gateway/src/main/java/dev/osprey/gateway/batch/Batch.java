package dev.osprey.gateway.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A batch as OpenAI describes it; timestamps are Unix seconds, null until the step happened.
 * Immutable: each transition returns a new value.
 *
 * @param errors   why the input was refused (status {@code failed}); empty otherwise
 * @param enqueued every line is durably queued; false while queueing, and after a crash that
 *                 interrupted it (then {@link BatchService#recover()} queues again). Not part of OpenAI's object.
 * @param owner    the API key that created it (empty without keys); not part of OpenAI's object
 */
public record Batch(String id, String endpoint, List<LineError> errors, String inputFileId, String completionWindow,
                    BatchStatus status, String outputFileId, String errorFileId, long createdAt, Long inProgressAt,
                    Long expiresAt, Long finalizingAt, Long completedAt, Long failedAt, Long expiredAt,
                    Long cancellingAt, Long cancelledAt, RequestCounts requestCounts, Map<String, String> metadata,
                    boolean enqueued, String owner) {

    public Batch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(inputFileId, "inputFileId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestCounts, "requestCounts");
        Objects.requireNonNull(owner, "owner");
        errors = List.copyOf(errors);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** A new batch whose {@code total} lines are valid, before they are queued. */
    static Batch validating(String id, String endpoint, String inputFileId, String window, long now, long expiresAt,
                            long total, Map<String, String> metadata, String owner) {
        return new Batch(id, endpoint, List.of(), inputFileId, window, BatchStatus.VALIDATING, null, null, now, null,
                expiresAt, null, null, null, null, null, null, new RequestCounts(total, 0, 0), metadata, false, owner);
    }

    /** A new batch refused for its input; nothing of it is queued. */
    static Batch rejected(String id, String endpoint, String inputFileId, String window, long now, long expiresAt,
                          List<LineError> errors, Map<String, String> metadata, String owner) {
        return new Batch(id, endpoint, errors, inputFileId, window, BatchStatus.FAILED, null, null, now, null,
                expiresAt, null, null, now, null, null, null, RequestCounts.NONE, metadata, false, owner);
    }

    /** Every line is queued; a validating batch becomes in progress, any other keeps its status. */
    Batch queued(long now) {
        boolean starts = status == BatchStatus.VALIDATING;
        return new Batch(id, endpoint, errors, inputFileId, completionWindow, starts ? BatchStatus.IN_PROGRESS : status,
                outputFileId, errorFileId, createdAt, starts ? Long.valueOf(now) : inProgressAt, expiresAt,
                finalizingAt, completedAt, failedAt, expiredAt, cancellingAt, cancelledAt, requestCounts, metadata,
                true, owner);
    }

    Batch cancelling(long now) {
        return new Batch(id, endpoint, errors, inputFileId, completionWindow, BatchStatus.CANCELLING, outputFileId,
                errorFileId, createdAt, inProgressAt, expiresAt, finalizingAt, completedAt, failedAt, expiredAt,
                now, cancelledAt, requestCounts, metadata, enqueued, owner);
    }

    Batch withCounts(RequestCounts counts) {
        return new Batch(id, endpoint, errors, inputFileId, completionWindow, status, outputFileId, errorFileId,
                createdAt, inProgressAt, expiresAt, finalizingAt, completedAt, failedAt, expiredAt, cancellingAt,
                cancelledAt, counts, metadata, enqueued, owner);
    }

    /**
     * Results are being written to the output and error files; their ids (null for a file without lines)
     * are fixed here so that a finalization interrupted by a crash is redone with the same ids.
     * {@link #cancellingAt()} remembers whether the batch ends as cancelled.
     */
    Batch finalizing(long now, String outputFile, String errorFile) {
        return new Batch(id, endpoint, errors, inputFileId, completionWindow, BatchStatus.FINALIZING, outputFile,
                errorFile, createdAt, inProgressAt, expiresAt, now, completedAt, failedAt, expiredAt, cancellingAt,
                cancelledAt, requestCounts, metadata, enqueued, owner);
    }

    /**
     * The completion window passed: {@link #expiredAt()} is set now (the status follows when the batch is
     * finished, so a finalization interrupted by a crash still ends it as expired).
     */
    Batch expiring(long now) {
        return new Batch(id, endpoint, errors, inputFileId, completionWindow, status, outputFileId, errorFileId,
                createdAt, inProgressAt, expiresAt, finalizingAt, completedAt, failedAt, now, cancellingAt,
                cancelledAt, requestCounts, metadata, enqueued, owner);
    }

    /** The files are written: expired when the window passed, cancelled when a cancel was asked for, else completed. */
    Batch finished(long now) {
        boolean expired = expiredAt != null;
        boolean cancelled = !expired && cancellingAt != null;
        BatchStatus end = expired ? BatchStatus.EXPIRED : cancelled ? BatchStatus.CANCELLED : BatchStatus.COMPLETED;
        return new Batch(id, endpoint, errors, inputFileId, completionWindow, end, outputFileId, errorFileId, createdAt,
                inProgressAt, expiresAt, finalizingAt, expired || cancelled ? completedAt : Long.valueOf(now), failedAt,
                expiredAt, cancellingAt, cancelled ? Long.valueOf(now) : cancelledAt, requestCounts, metadata,
                enqueued, owner);
    }
}
