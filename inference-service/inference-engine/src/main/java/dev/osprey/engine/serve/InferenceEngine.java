package dev.osprey.engine.serve;

import dev.osprey.engine.EngineException;
import dev.osprey.engine.Model;
import dev.osprey.engine.forward.ForwardBatch;
import dev.osprey.engine.forward.KvCache;
import dev.osprey.engine.generate.TokenTextStream;
import dev.osprey.engine.kv.KvCacheManager;
import dev.osprey.engine.kv.KvStorage;
import dev.osprey.engine.sampling.FinishReason;
import dev.osprey.engine.sampling.Sampler;
import dev.osprey.tokenizer.Vocabulary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Continuous batching over one {@link Model}: requests are submitted from any thread; one engine thread
 * loops schedule → forward → sample → stream, so every weight matrix is read once per step for all
 * scheduled sequences. KV lives in a paged cache with prefix sharing ({@link KvCacheManager}).
 *
 * <p>Cancellation and deadlines take effect at the start of the next step and free the request's
 * blocks there. {@link #close} ends every live request with {@code CANCELLED}.
 *
 * <p>Failures are contained: a forward pass that throws ends the requests of that step with
 * {@code ERROR} (their blocks freed); sampling or streaming that throws ends that request alone; the
 * engine thread goes on. Should the thread die anyway (an {@link Error}), every live and queued request
 * ends with {@code ERROR}, {@link #onFailure} listeners hear of it and {@link #submit} refuses at once.
 */
public final class InferenceEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(InferenceEngine.class.getName());
    /** Longest wait between looks at paused requests (readiness, cancellation, deadlines). */
    public static final long PAUSED_POLL_MILLIS = 10;

    private final Model model;
    private final ForwardPass forwardPass;
    private final EngineConfig config;
    private final KvCacheManager kv;
    /** Tokens one sequence may hold (prompt and generated): the configured or the trained context. */
    private final int window;
    private final Scheduler scheduler;
    /** New sequences, or {@link #WAKE} to make the engine thread look at cancellations and shutdown. */
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Map<String, Sequence> live = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong arrivals = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;
    /** Why the engine thread died; null while it runs. Written under {@link #failureListeners}. */
    private volatile Throwable failure;
    private final List<Consumer<? super Throwable>> failureListeners = new ArrayList<>();
    private volatile EngineStats stats;
    private long steps;
    private int lastBatchTokens;

    private InferenceEngine(Model model, EngineConfig config, ForwardPass forwardPass) {
        this.model = model;
        this.forwardPass = forwardPass;
        this.config = config;
        this.window = contextWindow(model, config);
        this.kv = KvCacheManager.forBudget(model.kvShape(), config.blockSize(), config.kvBudgetBytes(),
                model.config().slidingWindow());
        this.scheduler = new Scheduler(kv, config.maxBatchTokens(), config.maxRunningSequences());
        this.stats = snapshot();
        this.thread = Thread.ofPlatform().name("osprey-engine").daemon().unstarted(this::loop);
    }

    /**
     * An unconfigured window shrinks to what the budget holds down to half the trained context or this many tokens,
     * whichever is less; below that the engine refuses to start.
     */
    static final int MIN_SHRUNK_WINDOW = 512;

    /**
     * The window a sequence may fill, checked against the model and the KV budget. A configured window
     * ({@code contextTokens > 0}) must fit the budget; an unconfigured one is the model's trained context, or, where
     * the budget cannot hold that (a 128K-context model under the default budget), the largest window it holds, with
     * a warning naming both settings, as llama.cpp's server and Ollama start such models with a smaller context.
     *
     * @throws IllegalArgumentException if the window exceeds the model's trained context, or the budget
     *                                  cannot hold one full configured window, or too little of an unconfigured one
     *                                  (saying how many bytes it needs)
     */
    private static int contextWindow(Model model, EngineConfig config) {
        int trained = model.config().contextLength();
        if (config.contextTokens() > trained) {
            throw new IllegalArgumentException("a context window of " + config.contextTokens() + " tokens exceeds the "
                    + trained + " tokens " + model.path().getFileName() + " was trained for");
        }
        boolean configured = config.contextTokens() > 0;
        int window = configured ? config.contextTokens() : trained;
        long perBlock = KvStorage.bytesPerBlock(model.kvShape(), config.blockSize());
        long needed = bytesHeld(model, config, window, perBlock);
        if (config.kvBudgetBytes() >= needed) {
            return window;
        }
        if (!configured) {
            int lo = 0;
            int hi = trained;
            while (lo < hi) { // the largest window whose blocks fit the budget
                int mid = (lo + hi + 1) >>> 1;
                if (bytesHeld(model, config, mid, perBlock) <= config.kvBudgetBytes()) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            if (lo >= Math.min(trained / 2, MIN_SHRUNK_WINDOW)) {
                int fit = lo;
                LOG.warning(() -> "context window " + fit + " tokens, not the " + trained + " " + model.path()
                        .getFileName() + " was trained for: a KV budget of " + config.kvBudgetBytes() + " bytes holds no"
                        + " more (" + needed + " bytes would hold the whole context); raise osprey.inference.kv-budget"
                        + " (a size or a share of free memory, e.g. 40%) or set osprey.inference.context-tokens");
                return fit;
            }
        }
        long perToken = model.kvShape().bytesPerToken();
        throw new IllegalArgumentException("a KV budget of " + config.kvBudgetBytes() + " bytes holds "
                + config.kvBudgetBytes() / perBlock * config.blockSize() + " tokens of this model ("
                + perToken + " bytes per token in " + model.kvType().label() + "); one full context window of "
                + window + " tokens needs " + needed + " bytes: raise the KV budget to at least that, or lower "
                + "the context window");
    }

    /** Bytes of KV blocks one sequence of {@code window} tokens holds at most. */
    private static long bytesHeld(Model model, EngineConfig config, int window, long perBlock) {
        return (long) KvCacheManager.blocksHeldAtMost(window, config.maxBatchTokens(), config.blockSize(),
                model.config().slidingWindow()) * perBlock;
    }

    /** Tokens one sequence may hold, prompt and generated. */
    public int contextWindow() {
        return window;
    }

    /** Tokens the KV cache holds in all, across sequences. */
    public long kvCapacityTokens() {
        return (long) kv.pool().totalBlocks() * kv.blockSize();
    }

    /** Bytes of native memory the KV cache takes. */
    public long kvBytes() {
        return kv.byteSize();
    }

    /**
     * Allocates the KV cache ({@code config.kvBudgetBytes()} of native memory, in the model's KV type) and starts the engine thread.
     *
     * @throws IllegalArgumentException if the budget does not hold one block
     */
    public static InferenceEngine start(Model model, EngineConfig config) {
        return start(model, config, model::forward);
    }

    /**
     * {@link #start(Model, EngineConfig)} with the forward pass run through {@code forwardPass}, which must
     * compute what {@code model.forward} does (or fail): the seam for fault-injection tests.
     */
    public static InferenceEngine start(Model model, EngineConfig config, ForwardPass forwardPass) {
        InferenceEngine engine = new InferenceEngine(model, config, forwardPass);
        engine.thread.start();
        LOG.info(() -> "inference engine: KV cache " + model.kvType().label() + ", " + model.kvShape().bytesPerToken()
                + " bytes per token, " + engine.kv.pool().totalBlocks() + " blocks of " + config.blockSize() + " tokens = "
                + engine.kvCapacityTokens() + " tokens in " + engine.kvBytes() + " bytes; context window "
                + engine.window + " tokens (trained " + model.config().contextLength() + "), batch of "
                + config.maxBatchTokens() + " tokens, " + config.maxRunningSequences() + " running sequences at most");
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
     * @throws dev.osprey.engine.sampling.InvalidSamplingParametersException if a logit-bias id is outside
     *                                    the vocabulary
     * @throws IllegalStateException      if the engine is closed, or its thread died (the message says why)
     */
    public RequestHandle submit(GenerationRequest request, GenerationObserver observer) {
        if (closing) {
            throw new IllegalStateException("the inference engine is shut down");
        }
        refuseIfDead();
        long now = System.nanoTime();
        int[] prompt = request.prompt();
        validate(request.id(), prompt);
        int maxLength = (int) Math.min(window, (long) prompt.length + request.sampling().maxTokens());
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
        if (failure != null && inbox.remove(s)) { // the thread died after the check above and did not see s
            live.remove(request.id(), s);
            queued.decrementAndGet();
            refuseIfDead();
        }
        return new Handle(s);
    }

    private void refuseIfDead() {
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("the inference engine stopped after a failure (" + describe(f)
                    + "); it accepts no requests", f);
        }
    }

    /** Why the engine thread died, or empty while it runs (or after a plain {@link #close}). */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Calls {@code listener} once if the engine thread dies, with the cause, on the dying thread before the
     * live requests are failed; at once, on this thread, if it already died. Never on {@link #close}.
     */
    public void onFailure(Consumer<? super Throwable> listener) {
        Throwable f;
        synchronized (failureListeners) {
            f = failure;
            if (f == null) {
                failureListeners.add(listener);
                return;
            }
        }
        listener.accept(f);
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
        if (!thread.isAlive()) {
            kv.close();
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
        if (prompt.length == 0) {
            throw new InvalidRequestException("request " + id + ": the prompt is empty");
        }
        if (prompt.length >= window) {
            throw new InvalidRequestException("request " + id + ": prompt of " + prompt.length
                    + " tokens leaves no room in the context window of " + window + " tokens (the model was trained for "
                    + model.config().contextLength() + ")");
        }
        for (int t : prompt) {
            if (t < 0 || t >= vocab) {
                throw new InvalidRequestException("request " + id + ": token id " + t + " is outside the vocabulary [0, "
                        + vocab + ")");
            }
        }
        int blocks = kv.blocksHeldAtMost(prompt.length + 1, config.maxBatchTokens());
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
            serve();
        } catch (InterruptedException e) {
            died(new EngineException("the engine thread was interrupted", e));
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "inference engine thread died", e);
            died(e);
            throw e;
        }
    }

    /** The engine loop; returns when the engine closes. A step's RuntimeException fails its requests only. */
    private void serve() throws InterruptedException {
        while (true) {
            admit();
            if (closing) {
                for (Sequence s : scheduler.live()) {
                    finish(s, FinishReason.CANCELLED, "the engine shut down");
                }
                return;
            }
            try {
                endCancelledAndExpired();
                if (scheduler.idle()) {
                    publish();
                    Object next = inbox.poll(1, TimeUnit.SECONDS);
                    if (next != null) {
                        accept(next);
                    }
                    continue;
                }
                if (!step()) {
                    Object next = inbox.poll(PAUSED_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        accept(next);
                    }
                }
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "engine step failed outside the forward pass; failing every live request", e);
                for (Sequence s : scheduler.live()) {
                    finish(s, FinishReason.ERROR, "engine step failed: " + describe(e));
                }
                publish();
            }
        }
    }

    /** The thread is ending with {@code cause}: refuse new work, tell listeners, fail what is live or queued. */
    private void died(Throwable cause) {
        List<Consumer<? super Throwable>> listeners;
        synchronized (failureListeners) {
            failure = cause;
            listeners = List.copyOf(failureListeners);
        }
        for (Consumer<? super Throwable> listener : listeners) {
            try {
                listener.accept(cause);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "engine failure listener failed", e);
            }
        }
        String message = "the inference engine stopped: " + describe(cause);
        List<Sequence> doomed = new ArrayList<>(scheduler.live());
        Object queuedItem;
        while ((queuedItem = inbox.poll()) != null) {
            if (queuedItem instanceof Sequence s) {
                doomed.add(s);
            }
        }
        for (Sequence s : doomed) {
            try {
                finish(s, FinishReason.ERROR, message);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "could not fail request " + s.id() + " after the engine stopped", e);
            }
        }
        publish();
    }

    /** A failure as one line for a request's error message: the exception's message, else its type. */
    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
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

    /** Runs one step; returns false when no forward pass ran (everything paused or waiting for blocks). */
    private boolean step() {
        checkReadiness();
        StepPlan plan = scheduler.schedule();
        for (Sequence s : plan.exhausted()) {
            finish(s, FinishReason.LENGTH, "the KV cache cannot hold this sequence beyond " + s.length + " tokens");
        }
        publish();
        if (plan.chunks().isEmpty()) {
            return false;
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
            logits = forwardPass.forward(batchOf(plan));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "forward pass failed; failing the " + plan.chunks().size() + " requests of the step", e);
            for (StepPlan.Chunk c : plan.chunks()) {
                finish(c.sequence(), FinishReason.ERROR, "forward pass failed: " + describe(e));
            }
            publish();
            return true;
        }
        steps++;
        lastBatchTokens = plan.tokens();
        int vocab = model.config().vocabSize();
        int row = 0;
        for (StepPlan.Chunk c : plan.chunks()) {
            Sequence s = c.sequence();
            int offset = c.sample() ? row++ * vocab : -1;
            try {
                s.computed = c.start() + c.count();
                kv.cacheFullBlocks(s.blocks, s.tokens, s.computed);
                kv.releaseOutOfWindow(s.blocks, s.computed);
                if (c.sample()) {
                    sample(s, logits, offset);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request " + s.id() + " failed after the forward pass", e);
                finish(s, FinishReason.ERROR, "request failed after the forward pass: " + describe(e));
            }
        }
        publish();
        return true;
    }

    /** Asks every live request's observer whether it takes tokens now; pauses the ones that do not. */
    private void checkReadiness() {
        for (Sequence s : scheduler.live()) {
            try {
                s.paused = !s.observer.ready();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "observer of request " + s.id() + " failed its readiness check", e);
                finish(s, FinishReason.ERROR, "the request's stream failed: " + describe(e));
            }
        }
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
        int token;
        try {
            token = s.sampler.sample(logits, offset, s.tokens, s.length);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sampling request " + s.id() + " failed", e);
            finish(s, FinishReason.ERROR, "sampling failed: " + describe(e));
            return;
        }
        if (s.firstTokenNanos < 0) {
            s.firstTokenNanos = System.nanoTime();
        }
        if ((!s.request.ignoreEos() && vocabulary.isEndOfGeneration(token)) || s.request.sampling().isStopToken(token)) {
            finish(s, FinishReason.STOP, "");
            return;
        }
        s.append(token);
        String text = s.text.accept(token);
        try {
            s.observer.onToken(new StreamedToken(token, text,
                    s.request.sampling().logprobs().isPresent() ? s.sampler.lastLogprobs() : null));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "observer of request " + s.id() + " failed on a token", e);
            finish(s, FinishReason.ERROR, "streaming a token failed: " + describe(e));
            return;
        }
        if (s.text.stopped()) {
            finish(s, FinishReason.STOP, "");
        } else if (s.generated >= s.request.sampling().maxTokens() || s.length >= s.maxLength) {
            finish(s, FinishReason.LENGTH, "");
        }
    }

    /** Ends {@code s} once: out of the queues, blocks freed, id released, observer told. */
    private void finish(Sequence s, FinishReason reason, String message) {
        if (s.finished) {
            return;
        }
        s.finished = true;
        if (s.firstRunNanos < 0) {
            queued.decrementAndGet();
        }
        try {
            scheduler.remove(s);
        } finally {
            live.remove(s.id(), s);
        }
        String trailing = "";
        if (reason == FinishReason.STOP || reason == FinishReason.LENGTH) {
            try {
                trailing = s.text.finish();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "decoding the end of request " + s.id() + " failed", e);
                reason = FinishReason.ERROR;
                message = "decoding the output failed: " + describe(e);
            }
        }
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

        @Override
        public void resume() {
            inbox.add(WAKE);
        }
    }
}
