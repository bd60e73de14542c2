package dev.osprey.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.engine.kv.BlockPool;
import dev.osprey.engine.kv.KvCacheManager;
import dev.osprey.engine.kv.KvStorage;
import dev.osprey.engine.kvpages.KvShape;
import dev.osprey.engine.kvpages.KvType;
import dev.osprey.engine.sampling.SamplingParameters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scheduling decisions at toy sizes: blocks of 4 tokens, a handful of blocks, small budgets. */
class SchedulerTest {
    private static final int BLOCK = 4;
    private static final int SAMPLED = 7;

    private BlockPool pool;
    private KvCacheManager kv;
    private Scheduler scheduler;
    private long arrivals;

    private void setUp(int blocks, int budget, int maxRunning) {
        pool = new BlockPool(blocks, BLOCK);
        kv = new KvCacheManager(pool, new KvStorage(new KvShape(1, 1, 1, 1, KvType.F32), BLOCK, blocks));
        scheduler = new Scheduler(kv, budget, maxRunning);
    }

    private Sequence add(String id, int promptLength, Priority priority) {
        int[] prompt = new int[promptLength];
        for (int i = 0; i < promptLength; i++) {
            prompt[i] = (int) (1000 * arrivals + i);
        }
        return add(id, prompt, priority);
    }

    private Sequence add(String id, int[] prompt, Priority priority) {
        GenerationRequest request = new GenerationRequest(id, prompt, SamplingParameters.greedy(), priority, null, "", false);
        Sequence s = new Sequence(request, null, arrivals++, 0, Long.MAX_VALUE, null, null, kv.newSequence(""), 1000);
        scheduler.add(s);
        return s;
    }

    /** schedule(), then what the engine does after the forward pass (sampled chunks get token {@link #SAMPLED}). */
    private StepPlan step() {
        StepPlan plan = scheduler.schedule();
        for (StepPlan.Chunk c : plan.chunks()) {
            Sequence s = c.sequence();
            s.computed = c.start() + c.count();
            kv.cacheFullBlocks(s.blocks, s.tokens, s.computed);
            if (c.sample()) {
                s.append(SAMPLED);
            }
        }
        return plan;
    }

    private static List<String> chunks(StepPlan plan) {
        return plan.chunks().stream()
                .map(c -> c.requestId() + ":" + c.start() + "+" + c.count() + (c.sample() ? "*" : ""))
                .toList();
    }

    @Test
    void longPromptsArePrefilledInChunksAndDecodingGoesFirst() {
        setUp(16, 6, 4);
        add("a", 10, Priority.INTERACTIVE);
        add("b", 3, Priority.INTERACTIVE);
        assertThat(chunks(step())).containsExactly("a:0+6");
        assertThat(chunks(step())).containsExactly("a:6+4*", "b:0+2");
        assertThat(chunks(step())).containsExactly("a:10+1*", "b:2+1*");
        assertThat(chunks(step())).containsExactly("a:11+1*", "b:3+1*");
        assertThat(scheduler.runningCount()).isEqualTo(2);
        assertThat(pool.usedBlocks()).isEqualTo(3 + 1);
    }

    @Test
    void pausedSequencesGetNoWorkKeepTheirBlocksAndPlaceAndLetOthersPass() {
        setUp(16, 8, 4);
        Sequence a = add("a", 4, Priority.INTERACTIVE);
        assertThat(chunks(step())).containsExactly("a:0+4*");
        Sequence b = add("b", 4, Priority.INTERACTIVE);
        Sequence c = add("c", 4, Priority.INTERACTIVE);
        a.paused = true;
        b.paused = true;

        assertThat(chunks(step())).containsExactly("c:0+4*");
        assertThat(a.blocks.blockCount()).as("a keeps its block").isEqualTo(1);
        assertThat(scheduler.runningCount()).isEqualTo(2);
        assertThat(scheduler.waitingCount()).as("b keeps its place").isEqualTo(1);

        a.paused = false;
        b.paused = false;
        assertThat(chunks(step())).containsExactly("a:4+1*", "c:4+1*", "b:0+4*");
    }

    @Test
    void interactiveRequestsAreAdmittedBeforeEarlierBatchRequests() {
        setUp(16, 4, 4);
        add("batch", 4, Priority.BATCH);
        add("chat", 4, Priority.INTERACTIVE);
        assertThat(chunks(step())).containsExactly("chat:0+4*");
        assertThat(chunks(step())).containsExactly("chat:4+1*", "batch:0+3");
    }

    @Test
    void withinAClassEarlierRequestsComeFirstAndRunningSlotsAreNotTakenAway() {
        setUp(16, 8, 1);
        add("first", 2, Priority.INTERACTIVE);
        add("second", 2, Priority.INTERACTIVE);
        assertThat(chunks(step())).containsExactly("first:0+2*");
        assertThat(chunks(step())).containsExactly("first:2+1*");
        assertThat(scheduler.waitingCount()).isEqualTo(1);
        assertThat(scheduler.preemptions()).isZero();
    }

    @Test
    void decodingThatRunsOutOfBlocksPreemptsTheLatestSequenceWhichIsRecomputedLater() {
        setUp(4, 16, 4);
        Sequence a = add("a", 8, Priority.BATCH);
        Sequence b = add("b", 8, Priority.BATCH);
        assertThat(chunks(step())).containsExactly("a:0+8*", "b:0+8*");
        assertThat(pool.freeBlocks()).isZero();
        StepPlan plan = step();
        assertThat(chunks(plan)).containsExactly("a:8+1*");
        assertThat(plan.preempted()).containsExactly(b);
        assertThat(b.computed).isZero();
        assertThat(b.length).isEqualTo(9);
        assertThat(b.blocks.blockCount()).isZero();
        assertThat(a.blocks.blockIds()).containsExactly(0, 1, 3);
        assertThat(scheduler.preemptions()).isEqualTo(1);

        scheduler.remove(a);
        assertThat(chunks(step())).as("b's first block is still cached; its second was evicted for a").containsExactly("b:4+5*");
        assertThat(b.blocks.blockIds()).startsWith(2);
        assertThat(b.cachedPromptTokens).isZero();
    }

    @Test
    void anInteractiveArrivalPreemptsBatchWorkWhenBlocksAreExhausted() {
        setUp(4, 16, 4);
        Sequence batch = add("batch", 14, Priority.BATCH);
        assertThat(chunks(step())).containsExactly("batch:0+14*");
        assertThat(pool.freeBlocks()).isZero();
        add("chat", 5, Priority.INTERACTIVE);
        StepPlan plan = step();
        assertThat(plan.preempted()).containsExactly(batch);
        assertThat(chunks(plan)).containsExactly("chat:0+5*");
        assertThat(batch.preemptions).isEqualTo(1);
    }

    @Test
    void anInteractiveArrivalTakesTheRunningSlotOfABatchSequence() {
        setUp(16, 16, 1);
        Sequence batch = add("batch", 3, Priority.BATCH);
        step();
        add("chat", 3, Priority.INTERACTIVE);
        StepPlan plan = step();
        assertThat(plan.preempted()).containsExactly(batch);
        assertThat(chunks(plan)).containsExactly("chat:0+3*");
    }

    @Test
    void batchArrivalsNeverPreemptInteractiveWork() {
        setUp(2, 16, 4);
        add("chat", 6, Priority.INTERACTIVE);
        step();
        add("batch", 2, Priority.BATCH);
        StepPlan plan = step();
        assertThat(plan.preempted()).isEmpty();
        assertThat(chunks(plan)).containsExactly("chat:6+1*");
        assertThat(scheduler.waitingCount()).isEqualTo(1);
    }

    @Test
    void aSequenceThatOutgrowsTheWholePoolIsExhaustedAndItsBlocksFreed() {
        setUp(2, 16, 4);
        add("chat", 8, Priority.INTERACTIVE);
        step();
        add("batch", 2, Priority.BATCH);
        StepPlan plan = step();
        assertThat(plan.exhausted()).extracting(Sequence::id).containsExactly("chat");
        assertThat(chunks(plan)).containsExactly("batch:0+2*");
        assertThat(pool.usedBlocks()).isEqualTo(1);
    }

    @Test
    void aPromptLongerThanTheFreeBlocksIsPrefilledAsFarAsTheyReach() {
        setUp(3, 16, 4);
        add("a", 4, Priority.INTERACTIVE);
        step();
        add("b", 12, Priority.INTERACTIVE);
        assertThat(chunks(step())).containsExactly("a:4+1*", "b:0+4");
    }

    @Test
    void aRepeatedPromptStartsAfterItsCachedBlocks() {
        setUp(8, 32, 4);
        int[] prompt = new int[10];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = 40 + i;
        }
        Sequence first = add("first", prompt, Priority.INTERACTIVE);
        step();
        scheduler.remove(first);
        Sequence second = add("second", prompt, Priority.INTERACTIVE);
        assertThat(chunks(step())).containsExactly("second:8+2*");
        assertThat(second.cachedPromptTokens).isEqualTo(8);
        assertThat(second.blocks.blockIds()).startsWith(0, 1);
        assertThat(pool.hits()).isEqualTo(2);
    }
}
