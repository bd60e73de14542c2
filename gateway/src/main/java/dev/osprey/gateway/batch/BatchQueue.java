package dev.osprey.gateway.batch;

import java.util.List;
import reactor.core.publisher.Mono;

/** Where planned requests go (Kafka in production). Implementations are thread-safe. */
public interface BatchQueue {

    /**
     * Throws {@link BatchUnavailableException} when work cannot be accepted now. Called before anything
     * of a batch is written, so a refusal leaves no trace.
     */
    void checkAvailable();

    /**
     * Queues every line of the batch, in line order; completes when all are durably queued. May be called
     * again for the same batch after a restart (duplicates are tolerated downstream). {@code owner} is the
     * batch's (the API key whose repositories and prefix-cache namespace its lines use).
     */
    Mono<Void> enqueue(String batchId, String owner, String endpoint, List<BatchLine> lines);

    /** Tells the workers the batch is cancelled; completes once the signal is durably sent. */
    Mono<Void> cancel(String batchId);
}
