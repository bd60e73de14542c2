package dev.osprey.gateway.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * A {@link BatchQueue} for tests: keeps what was queued and cancelled in memory. It can refuse work
 * ({@link #refuse}), leave enqueues hanging as a crash mid-submission would ({@link #hangEnqueues}), or fail
 * them after they started ({@link #failEnqueues}).
 */
public final class InMemoryBatchQueue implements BatchQueue {
    private enum Mode { COMPLETE, HANG, FAIL }

    private volatile String refusal;
    private volatile Mode mode = Mode.COMPLETE;
    private final Map<String, List<BatchLine>> queued = new ConcurrentHashMap<>();
    private final List<String> enqueueCalls = new ArrayList<>();
    private final List<String> cancelled = new ArrayList<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    public void refuse(String why) {
        refusal = why;
    }

    public void accept() {
        refusal = null;
        mode = Mode.COMPLETE;
    }

    public void hangEnqueues() {
        mode = Mode.HANG;
    }

    public void failEnqueues() {
        mode = Mode.FAIL;
    }

    /** The lines of the last completed enqueue of the batch, in the order they were queued; null if none. */
    public List<BatchLine> queued(String batchId) {
        return queued.get(batchId);
    }

    /** Batch ids of every enqueue call, completed or not. */
    public synchronized List<String> enqueueCalls() {
        return List.copyOf(enqueueCalls);
    }

    /** Batch id → the owner its lines were queued for. */
    public Map<String, String> owners() {
        return Map.copyOf(owners);
    }

    public synchronized List<String> cancelled() {
        return List.copyOf(cancelled);
    }

    @Override
    public void checkAvailable() {
        String why = refusal;
        if (why != null) {
            throw new BatchUnavailableException(why, null);
        }
    }

    @Override
    public Mono<Void> enqueue(String batchId, String owner, String endpoint, List<BatchLine> lines) {
        return Mono.defer(() -> {
            synchronized (this) {
                enqueueCalls.add(batchId);
            }
            owners.put(batchId, owner);
            return switch (mode) {
                case COMPLETE -> {
                    queued.put(batchId, List.copyOf(lines));
                    yield Mono.empty();
                }
                case HANG -> Mono.never();
                case FAIL -> Mono.error(new IllegalStateException("broker connection lost"));
            };
        });
    }

    @Override
    public Mono<Void> cancel(String batchId) {
        return Mono.defer(() -> {
            checkAvailable();
            synchronized (this) {
                cancelled.add(batchId);
            }
            return Mono.empty();
        });
    }
}
