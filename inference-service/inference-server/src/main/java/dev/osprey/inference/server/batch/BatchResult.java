package dev.osprey.inference.server.batch;

import dev.osprey.api.v1.BatchError;
import dev.osprey.api.v1.BatchGeneration;
import dev.osprey.api.v1.BatchRequestRecord;
import dev.osprey.api.v1.BatchResultRecord;
import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.Usage;
import dev.osprey.engine.serve.GenerationOutcome;

/**
 * One result to produce: the {@link BatchResultRecord} and how the request ended. Error codes are the
 * OpenAI-style ones of {@code batch.proto}.
 *
 * @param record  the value for the results topic (key: {@code record.batch_id})
 * @param outcome for {@code osprey.batch.requests{outcome}}
 */
record BatchResult(BatchResultRecord record, BatchOutcome outcome) {
    static final String INVALID_REQUEST = "invalid_request";
    static final String BATCH_CANCELLED = "batch_cancelled";
    static final String INTERNAL_ERROR = "internal_error";

    /**
     * The result of a generation the engine ended with {@code STOP}, {@code LENGTH} or (cancelled by an
     * operator through the Cancel rpc, not by its batch) {@code CANCELLED}.
     *
     * @param text the streamed text followed by the outcome's trailing text
     */
    static BatchResult generation(BatchRequestRecord request, String worker, String text, GenerationOutcome outcome) {
        FinishReason reason = switch (outcome.reason()) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            case CANCELLED -> FinishReason.CANCELLED;
            case DEADLINE, ERROR -> throw new IllegalArgumentException("not a generation: " + outcome.reason());
        };
        BatchGeneration generation = BatchGeneration.newBuilder()
                .setText(text)
                .setFinishReason(reason)
                .setUsage(Usage.newBuilder()
                        .setPromptTokens(outcome.promptTokens())
                        .setCompletionTokens(outcome.completionTokens())
                        .setCachedPromptTokens(outcome.cachedPromptTokens()))
                .build();
        return new BatchResult(head(request, worker).setGeneration(generation).build(),
                reason == FinishReason.CANCELLED ? BatchOutcome.CANCELLED : BatchOutcome.COMPLETED);
    }

    /** An error result; {@code batch_cancelled} counts as cancelled, every other code as failed. */
    static BatchResult error(BatchRequestRecord request, String worker, String code, String message) {
        return new BatchResult(head(request, worker)
                .setError(BatchError.newBuilder().setCode(code).setMessage(message))
                .build(), BATCH_CANCELLED.equals(code) ? BatchOutcome.CANCELLED : BatchOutcome.FAILED);
    }

    String batchId() {
        return record.getBatchId();
    }

    private static BatchResultRecord.Builder head(BatchRequestRecord request, String worker) {
        return BatchResultRecord.newBuilder()
                .setBatchId(request.getBatchId())
                .setCustomId(request.getCustomId())
                .setUrl(request.getUrl())
                .setLine(request.getLine())
                .setWorker(worker);
    }
}
