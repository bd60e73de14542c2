package dev.osprey.inference.server.batch;

import dev.osprey.api.v1.BatchRequestRecord;
import dev.osprey.engine.serve.GenerationObserver;
import dev.osprey.engine.serve.GenerationOutcome;
import dev.osprey.engine.serve.RequestHandle;
import dev.osprey.engine.serve.StreamedToken;
import java.util.function.BiConsumer;

/**
 * One batch request in the engine: gathers its text on the engine thread and hands the outcome to the
 * worker's thread through {@code finished} (never blocks the engine). The worker calls
 * {@link #started}, {@link #cancelForBatch} and {@link #abandon} on its own thread.
 */
final class BatchTask implements GenerationObserver {
    private final BatchRequestRecord request;
    private final String engineId;
    private final RecordRef ref;
    private final BiConsumer<BatchTask, GenerationOutcome> finished;
    private final StringBuilder text = new StringBuilder(); // engine thread until onComplete, then the worker's
    private RequestHandle handle;
    private volatile boolean cancelledForBatch;
    private volatile boolean abandoned;

    BatchTask(BatchRequestRecord request, String engineId, RecordRef ref, BiConsumer<BatchTask, GenerationOutcome> finished) {
        this.request = request;
        this.engineId = engineId;
        this.ref = ref;
        this.finished = finished;
    }

    BatchRequestRecord request() {
        return request;
    }

    /** {@code <batch_id>/<custom_id>}: the engine's request id. */
    String engineId() {
        return engineId;
    }

    RecordRef ref() {
        return ref;
    }

    void started(RequestHandle h) {
        handle = h;
    }

    /** The batch was cancelled: stop the generation; its result becomes {@code batch_cancelled}. */
    void cancelForBatch() {
        cancelledForBatch = true;
        handle.cancel();
    }

    boolean cancelledForBatch() {
        return cancelledForBatch;
    }

    /** The worker stops without a result for this request: stop the generation and leave the record to redelivery. */
    void abandon() {
        abandoned = true;
        handle.cancel();
    }

    boolean abandoned() {
        return abandoned;
    }

    /** The generated text and, after {@code onComplete}, the trailing text; read once the outcome arrived. */
    String text() {
        return text.toString();
    }

    @Override
    public void onToken(StreamedToken token) {
        text.append(token.text());
    }

    @Override
    public void onComplete(GenerationOutcome outcome) {
        text.append(outcome.trailingText());
        finished.accept(this, outcome);
    }
}
