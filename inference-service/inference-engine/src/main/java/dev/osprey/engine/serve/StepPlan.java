package dev.osprey.engine.serve;

import java.util.List;

/**
 * What one engine step runs, decided by {@link Scheduler#schedule} before the forward pass.
 *
 * @param chunks     per scheduled request, the tokens {@code [start, start + count)} to compute this step;
 *                   {@code sample} when the chunk reaches the request's last known token, so a next
 *                   token is sampled from its logits
 * @param preempted  requests preempted by this schedule (their blocks are already free)
 * @param exhausted  requests that cannot grow even alone in the pool: they end with LENGTH
 */
record StepPlan(List<Chunk> chunks, List<Sequence> preempted, List<Sequence> exhausted) {

    record Chunk(Sequence sequence, int start, int count, boolean sample) {
        String requestId() {
            return sequence.id();
        }
    }

    int tokens() {
        return chunks.stream().mapToInt(Chunk::count).sum();
    }
}
