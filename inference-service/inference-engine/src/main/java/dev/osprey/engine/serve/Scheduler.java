package dev.osprey.engine.serve;

import dev.osprey.engine.kv.KvCacheManager;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Decides each step's work under a token budget: running sequences first (one token each when
 * decoding, the next chunk when still prefilling), in priority order, then waiting sequences while
 * budget, blocks and running slots last. There are no prefill and decode phases, only tokens per
 * sequence per step.
 *
 * <p>When a running sequence cannot grow, the lowest-ordered running sequence is preempted (its blocks
 * freed, its tokens kept for recomputation); when a waiting sequence of a higher class than some running
 * one finds no blocks or no running slot, the lowest-ordered running sequence of a lower class is
 * preempted for it. Within a class nothing overtakes an earlier request.
 *
 * <p>{@linkplain Sequence#paused Paused} sequences get no work: a running one keeps its blocks and its
 * slot, a waiting one its place in the queue, and the others go ahead of them. Engine thread only.
 */
final class Scheduler {
    private final KvCacheManager kv;
    private final int maxBatchTokens;
    private final int maxRunning;
    private final PriorityQueue<Sequence> waiting = new PriorityQueue<>(Sequence.ORDER);
    private final List<Sequence> running = new ArrayList<>();
    private long preemptions;

    Scheduler(KvCacheManager kv, int maxBatchTokens, int maxRunning) {
        this.kv = kv;
        this.maxBatchTokens = maxBatchTokens;
        this.maxRunning = maxRunning;
    }

    void add(Sequence s) {
        waiting.add(s);
    }

    /** Takes {@code s} out of the queues and frees its blocks (it finished, was cancelled or failed). */
    void remove(Sequence s) {
        if (!running.remove(s)) {
            waiting.remove(s);
        }
        kv.free(s.blocks);
    }

    int waitingCount() {
        return waiting.size();
    }

    int runningCount() {
        return running.size();
    }

    long preemptions() {
        return preemptions;
    }

    boolean idle() {
        return waiting.isEmpty() && running.isEmpty();
    }

    /** Every live sequence, running then waiting. */
    List<Sequence> live() {
        List<Sequence> all = new ArrayList<>(running);
        all.addAll(waiting);
        return all;
    }

    StepPlan schedule() {
        running.sort(Sequence.ORDER);
        List<StepPlan.Chunk> chunks = new ArrayList<>();
        List<Sequence> preempted = new ArrayList<>();
        List<Sequence> exhausted = new ArrayList<>();
        int budget = maxBatchTokens;

        for (int i = 0; i < running.size() && budget > 0; i++) {
            Sequence s = running.get(i);
            if (s.paused) {
                continue;
            }
            int n = Math.min(s.pending(), budget);
            boolean scheduled = true;
            while (!kv.ensureCapacity(s.blocks, s.computed + n)) {
                Sequence victim = running.getLast();
                if (victim == s && running.size() == 1) {
                    running.remove(s);
                    kv.free(s.blocks);
                    exhausted.add(s);
                    scheduled = false;
                    break;
                }
                preempt(victim, chunks, preempted);
                if (victim == s) {
                    scheduled = false;
                    break;
                }
            }
            if (!scheduled) {
                break;
            }
            chunks.add(new StepPlan.Chunk(s, s.computed, n, s.computed + n == s.length));
            budget -= n;
        }

        List<Sequence> held = new ArrayList<>();
        while (budget > 0 && !waiting.isEmpty()) {
            Sequence s = waiting.peek();
            if (preempted.contains(s)) {
                break;
            }
            if (s.paused) {
                held.add(waiting.poll());
                continue;
            }
            if (running.size() >= maxRunning) {
                Sequence victim = lowestBelow(s.priority());
                if (victim == null) {
                    break;
                }
                budget += preempt(victim, chunks, preempted);
                continue;
            }
            if (s.computed == 0 && s.blocks.blockCount() == 0) {
                s.computed = kv.attachCachedPrefix(s.blocks, s.tokens, s.length);
                if (s.cachedPromptTokens < 0) {
                    s.cachedPromptTokens = Math.min(s.computed, s.promptLength);
                }
            }
            int n = Math.min(s.pending(), budget);
            if (!kv.ensureCapacity(s.blocks, s.computed + n)) {
                Sequence victim = lowestBelow(s.priority());
                if (victim != null) {
                    budget += preempt(victim, chunks, preempted);
                    continue;
                }
                int room = (s.blocks.blockCount() + kv.pool().freeBlocks()) * kv.blockSize() - s.computed;
                if (room <= 0 || !kv.ensureCapacity(s.blocks, s.computed + Math.min(n, room))) {
                    kv.free(s.blocks);
                    s.computed = 0;
                    break;
                }
                n = Math.min(n, room);
            }
            waiting.poll();
            running.add(s);
            chunks.add(new StepPlan.Chunk(s, s.computed, n, s.computed + n == s.length));
            budget -= n;
        }
        waiting.addAll(held);
        return new StepPlan(List.copyOf(chunks), List.copyOf(preempted), List.copyOf(exhausted));
    }

    /** The last running sequence in order whose class is strictly below {@code priority}, or null. */
    private Sequence lowestBelow(Priority priority) {
        for (int i = running.size() - 1; i >= 0; i--) {
            Sequence r = running.get(i);
            if (r.priority().ordinal() > priority.ordinal()) {
                return r;
            }
        }
        return null;
    }

    /** Frees {@code victim}'s blocks and requeues it; returns the budget its dropped chunk had taken. */
    private int preempt(Sequence victim, List<StepPlan.Chunk> chunks, List<Sequence> preempted) {
        int refund = 0;
        for (int i = chunks.size() - 1; i >= 0; i--) {
            if (chunks.get(i).sequence() == victim) {
                refund += chunks.remove(i).count();
            }
        }
        running.remove(victim);
        kv.free(victim.blocks);
        victim.computed = 0;
        victim.preemptions++;
        preemptions++;
        preempted.add(victim);
        waiting.add(victim);
        return refund;
    }
}
