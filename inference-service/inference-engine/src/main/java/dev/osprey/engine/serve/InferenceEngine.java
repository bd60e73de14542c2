package dev.osprey.engine.serve;

import dev.osprey.engine.EngineException;
import dev.osprey.engine.Model;
import dev.osprey.engine.forward.ForwardBatch;
import dev.osprey.engine.forward.KvCache;
import dev.osprey.engine.generate.TokenTextStream;
import dev.osprey.engine.kv.KvCacheManager;
import dev.osprey.engine.sampling.FinishReason;
import dev.osprey.engine.sampling.Sampler;
import dev.osprey.tokenizer.Vocabulary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Continuous batching over one {@link Model}: requests are submitted from any thread; one engine thread
 * loops schedule → forward → sample → stream, so every weight matrix is read once per step for all
 * scheduled sequences. KV lives in a paged cache with prefix sharing ({@link KvCacheManager}).
 *
 * <p>Cancellation and deadlines take effect at the start of the next step and free the request's
 * blocks there. {@link #close} ends every live request with {@code CANCELLED}.
 */
public final class InferenceEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InferenceEngine.class.getName());

    private final Model model;
    private final EngineConfig config;
    private final KvCacheManager kv;
    private final Scheduler scheduler;
    /** New sequences, or {@link #WAKE} to make the engine thread look at cancellations and shutdown. */
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Map<String, Sequence> live = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong arrivals = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    private volatile EngineStats stats;
    private long steps;
    private int lastBatchTokens;

    private InferenceEngine(Model model, EngineConfig config) {
        this.model = model;
        this.config = config;
        this.kv = KvCacheManager.forBudget(model.config(), config.blockSize(), config.kvBudgetBytes());
        this.scheduler = new Scheduler(kv, config.maxBatchTokens(), config.maxRunningSequences());
        this.stats = snapshot();
        this.thread = Thread.ofPlatform().name("osprey-engine").daemon().unstarted(this::loop);
    }

    /**
     * Allocates the KV cache ({@code config.kvBudgetBytes()} of heap) and starts the engine thread.
     *
     * @throws IllegalArgumentException if the budget does not hold one block
     */
    public static InferenceEngine start(Model model, EngineConfig config) {
        InferenceEngine engine = new InferenceEngine(model, config);
        engine.thread.start();
        LOG.info(() -> "inference engine: " + engine.kv.pool().totalBlocks() + " KV blocks of " + config.blockSize()
                + " tokens, batch of " + config.maxBatchTokens() + " tokens, " + config.maxRunningSequences()
                + " running sequences at most");
        return engine;
    }

    public Model model() {
        return model;
    }

    public EngineConfig config() {
        return config;
    }

    /** The state after the latest step. */
    public EngineStats stats() {
        return stats;
    }

    /**
     * Queues a request; its events go to {@code observer} on the engine thread.
     *
     * @throws InvalidRequestException    if the prompt is empty, holds ids outside the vocabulary, leaves
     *                                    no room in the context or cannot fit the KV cache, or the id is live
     * @throws EngineOverloadedException if {@code maxWaitingRequests} requests already wait
     * @throws IllegalStateException      if the engine is closed
     */
    public RequestHandle submit(GenerationRequest request, GenerationObserver observer) {
        if (closing) {
            throw new IllegalStateException("the inference engine is shut down");
        }
        long now = System.nanoTime();
        int[] prompt = request.prompt();
        validate(request.id(), prompt);
        int context = model.config().contextLength();
        int maxLength = (int) Math.min(context, (long) prompt.length + request.sampling().maxTokens());
        long deadline = request.deadline() == null ? Long.MAX_VALUE
                : now + Math.max(0, Duration.between(Instant.now(), request.deadline()).toNanos());
        Sequence s = new Sequence(request, observer, arrivals.getAndIncrement(), now, deadline,
                new Sampler(request.sampling(), model.config().vocabSize()),
                new TokenTextStream(model.tokenizer(), request.sampling().stopStrings(), prompt),
                kv.newSequence(request.cacheNamespace()), maxLength);
        int freeSlots = Math.max(0, config.maxRunningSequences() - stats.running());
        if (queued.incrementAndGet() > config.maxWaitingRequests() + freeSlots) {
            queued.decrementAndGet();
            throw new EngineOverloadedException(config.maxWaitingRequests() + " requests are already waiting",
                    retryHint());
        }
        if (live.putIfAbsent(request.id(), s) != null) {
            queued.decrementAndGet();
            throw new InvalidRequestException("request id " + request.id() + " is already running");
        }
        inbox.add(s);
        return new Handle(s);
    }

    /** Whether a request with this id was submitted and has not completed (the id is taken). */
    public boolean isLive(String requestId) {
        return live.containsKey(requestId);
    }

    /** Cancels the live request with this id; false if there is none. */
    public boolean cancel(String requestId) {
        Sequence s = live.get(requestId);
        if (s == null) {
            return false;
        }
        new Handle(s).cancel();
        return true;
    }

    @Override
    public void close() {
        closing = true;
        inbox.add(WAKE);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object late;
        while ((late = inbox.poll()) != null) {
            if (late instanceof Sequence s) {
                finish(s, FinishReason.CANCELLED, "the engine shut down");
            }
        }
    }

    private void validate(String id, int[] prompt) {
        int vocab = model.config().vocabSize();
        int context = model.config().contextLength();
        if (prompt.length == 0) {
            throw new InvalidRequestException("request " + id + ": the prompt is empty");
        }
        if (prompt.length >= context) {
            throw new InvalidRequestException("request " + id + ": prompt of " + prompt.length
                    + " tokens leaves no room in the model's context of " + context + " tokens");
        }
        for (int t : prompt) {
            if (t < 0 || t >= vocab) {
                throw new InvalidRequestException("request " + id + ": token id " + t + " is outside the vocabulary [0, "
                        + vocab + ")");
            }
        }
        int blocks = kv.blocksFor(prompt.length + 1);
        if (blocks > kv.pool().totalBlocks()) {
            throw new InvalidRequestException("request " + id + ": prompt of " + prompt.length + " tokens needs " + blocks
                    + " KV blocks; the cache holds " + kv.pool().totalBlocks() + " (raise the KV budget)");
        }
    }

    /** A rough wait: the queue ahead drains at about one request per running slot per second. */
    private Duration retryHint() {
        return Duration.ofSeconds(Math.max(1, config.maxWaitingRequests() / Math.max(1, config.maxRunningSequences())));
    }

    private void loop() {
        try {
            while (true) {
                admit();
                if (closing) {
                    for (Sequence s : scheduler.live()) {
                        finish(s, FinishReason.CANCELLED, "the engine shut down");
                    }
                    return;
                }
                endCancelledAndExpired();
                if (scheduler.idle()) {
                    publish();
                    Object next = inbox.poll(1, TimeUnit.SECONDS);
                    if (next != null) {
                        accept(next);
                    }
                    continue;
                }
                step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "inference engine loop failed", e);
            for (Sequence s : scheduler.live()) {
                finish(s, FinishReason.ERROR, "engine failure: " + e);
            }
            throw e;
        }
    }

    private void admit() {
        Object next;
        while ((next = inbox.poll()) != null) {
            accept(next);
        }
    }

    private void accept(Object next) {
        if (next instanceof Sequence s) {
            scheduler.add(s);
        }
    }

    private void endCancelledAndExpired() {
        long now = System.nanoTime();
        for (Sequence s : scheduler.live()) {
            if (s.cancelRequested) {
                finish(s, FinishReason.CANCELLED, "");
            } else if (now - s.deadlineNanos >= 0) {
                finish(s, FinishReason.DEADLINE, "");
            }
        }
    }

    private void step() {
        StepPlan plan = scheduler.schedule();
        for (Sequence s : plan.exhausted()) {
            finish(s, FinishReason.LENGTH, "the KV cache cannot hold this sequence beyond " + s.length + " tokens");
        }
        publish();
        if (plan.chunks().isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (StepPlan.Chunk c : plan.chunks()) {
            Sequence s = c.sequence();
            if (s.firstRunNanos < 0) {
                s.firstRunNanos = now;
                queued.decrementAndGet();
            }
        }
        float[] logits;
        try {
            logits = model.forward(batchOf(plan));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "forward pass failed", e);
            for (StepPlan.Chunk c : plan.chunks()) {
                finish(c.sequence(), FinishReason.ERROR, "forward pass failed: " + e.getMessage());
            }
            return;
        }
        steps++;
        lastBatchTokens = plan.tokens();
        int vocab = model.config().vocabSize();
        int row = 0;
        for (StepPlan.Chunk c : plan.chunks()) {
            Sequence s = c.sequence();
            s.computed = c.start() + c.count();
            kv.cacheFullBlocks(s.blocks, s.tokens, s.computed);
            if (c.sample()) {
                sample(s, logits, row++ * vocab);
            }
        }
        publish();
    }

    /** The plan as one forward batch: each chunk's tokens at their positions, logits for sampled chunks' last token. */
    private static ForwardBatch batchOf(StepPlan plan) {
        int n = plan.tokens();
        int[] tokens = new int[n];
        int[] positions = new int[n];
        KvCache[] caches = new KvCache[n];
        int outputs = (int) plan.chunks().stream().filter(StepPlan.Chunk::sample).count();
        int[] rows = new int[outputs];
        int i = 0;
        int o = 0;
        for (StepPlan.Chunk c : plan.chunks()) {
            Sequence s = c.sequence();
            for (int j = 0; j < c.count(); j++, i++) {
                tokens[i] = s.tokens[c.start() + j];
                positions[i] = c.start() + j;
                caches[i] = s.blocks;
            }
            if (c.sample()) {
                rows[o++] = i - 1;
            }
        }
        return new ForwardBatch(tokens, positions, caches, rows);
    }

    private void sample(Sequence s, float[] logits, int offset) {
        Vocabulary vocabulary = model.tokenizer().vocabulary();
        int token = s.sampler.sample(logits, offset, s.tokens, s.length);
        if (s.firstTokenNanos < 0) {
            s.firstTokenNanos = System.nanoTime();
        }
        if ((!s.request.ignoreEos() && vocabulary.isEndOfGeneration(token)) || s.request.sampling().isStopToken(token)) {
            finish(s, FinishReason.STOP, "");
            return;
        }
        s.append(token);
        String text = s.text.accept(token);
        boolean delivered = emit(s, new StreamedToken(token, text,
                s.request.sampling().logprobs().isPresent() ? s.sampler.lastLogprobs() : null));
        if (!delivered) {
            finish(s, FinishReason.CANCELLED, "");
        } else if (s.text.stopped()) {
            finish(s, FinishReason.STOP, "");
        } else if (s.generated >= s.request.sampling().maxTokens() || s.length >= s.maxLength) {
            finish(s, FinishReason.LENGTH, "");
        }
    }

    private boolean emit(Sequence s, StreamedToken token) {
        try {
            s.observer.onToken(token);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "observer of request " + s.id() + " failed; cancelling it", e);
            return false;
        }
    }

    private void finish(Sequence s, FinishReason reason, String message) {
        if (s.firstRunNanos < 0) {
            queued.decrementAndGet();
        }
        scheduler.remove(s);
        live.remove(s.id(), s);
        String trailing = reason == FinishReason.STOP || reason == FinishReason.LENGTH ? s.text.finish() : "";
        if (reason == FinishReason.LENGTH && s.text.stopped()) {
            reason = FinishReason.STOP;
        }
        long now = System.nanoTime();
        GenerationOutcome outcome = new GenerationOutcome(reason, message, trailing, s.promptLength,
                Math.max(0, s.cachedPromptTokens), s.generated, s.preemptions,
                (s.firstRunNanos < 0 ? now : s.firstRunNanos) - s.submittedNanos,
                s.generated == 0 ? -1 : s.firstTokenNanos - s.submittedNanos, now - s.submittedNanos);
        try {
            s.observer.onComplete(outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "observer of request " + s.id() + " failed on completion", e);
        }
    }

    private void publish() {
        stats = snapshot();
    }

    private EngineStats snapshot() {
        return new EngineStats(scheduler.waitingCount(), scheduler.runningCount(), kv.pool().usedBlocks(), kv.pool().totalBlocks(),
                kv.pool().hits(), kv.pool().lookups(), scheduler.preemptions(), lastBatchTokens, steps);
    }

    private static final Object WAKE = new Object();

    private final class Handle implements RequestHandle {
        private final Sequence sequence;

        Handle(Sequence sequence) {
            this.sequence = sequence;
        }

        @Override
        public String id() {
            return sequence.id();
        }

        @Override
        public void cancel() {
            sequence.cancelRequested = true;
            inbox.add(WAKE);
        }
    }
}
