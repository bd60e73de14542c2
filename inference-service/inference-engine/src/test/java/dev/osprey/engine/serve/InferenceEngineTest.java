package dev.osprey.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.Model;
import dev.osprey.engine.generate.GenerationResult;
import dev.osprey.engine.generate.Generator;
import dev.osprey.engine.sampling.FinishReason;
import dev.osprey.engine.sampling.SamplingParameters;
import dev.osprey.testkit.ReferenceFiles;
import dev.osprey.tokenizer.EncodeOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine loop on stories260K: batching keeps results, cancellation frees blocks, priorities preempt. */
class InferenceEngineTest {
    private static final String[] PROMPTS = {"Once upon a time", "The little dog", "Lily and Ben went to the park",
        "One day, a big bird"};
    private static Model model;

    @BeforeAll
    static void load() {
        model = Model.load(ReferenceFiles.path("models/stories260K.gguf"), EngineOptions.defaults().withThreads(2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static int[] encode(String text) {
        return model.tokenizer().encode(text, EncodeOptions.PROMPT);
    }

    private static SamplingParameters greedy(int maxTokens) {
        return SamplingParameters.greedy().toBuilder().maxTokens(maxTokens).build();
    }

    /** Collects one request's events. */
    static class Collector implements GenerationObserver {
        final List<Integer> ids = new CopyOnWriteArrayList<>();
        final StringBuilder text = new StringBuilder();
        final CompletableFuture<GenerationOutcome> done = new CompletableFuture<>();

        @Override
        public void onToken(StreamedToken token) {
            ids.add(token.id());
            text.append(token.text());
        }

        @Override
        public void onComplete(GenerationOutcome outcome) {
            text.append(outcome.trailingText());
            done.complete(outcome);
        }

        GenerationOutcome await() throws Exception {
            return done.get(60, TimeUnit.SECONDS);
        }

        int[] idArray() {
            return ids.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Test
    void concurrentRequestsProduceExactlyWhatEachProducesAlone() throws Exception {
        List<int[]> alone = new ArrayList<>();
        for (String p : PROMPTS) {
            alone.add(new Generator(model).generate(encode(p), greedy(40), 0, t -> { }).ids());
        }
        try (InferenceEngine engine = InferenceEngine.start(model, EngineConfig.defaults().withKvBudgetBytes(8 << 20))) {
            List<Collector> collectors = new ArrayList<>();
            for (int i = 0; i < PROMPTS.length; i++) {
                Collector c = new Collector();
                engine.submit(GenerationRequest.of("r" + i, encode(PROMPTS[i]), greedy(40)), c);
                collectors.add(c);
            }
            for (int i = 0; i < PROMPTS.length; i++) {
                GenerationOutcome outcome = collectors.get(i).await();
                assertThat(outcome.reason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
                assertThat(collectors.get(i).idArray()).as("request %d", i).containsExactly(alone.get(i));
                assertThat(outcome.completionTokens()).isEqualTo(alone.get(i).length);
            }
            awaitBlocksFreed(engine);
            assertThat(engine.stats().steps()).isLessThan(4L * 41);
        }
    }

    @Test
    void streamedTextMatchesTheSingleSequenceGenerator() throws Exception {
        SamplingParameters params = greedy(30).toBuilder().stopStrings("Lily").build();
        GenerationResult alone = new Generator(model).generate(encode(PROMPTS[0]), params, 0, t -> { });
        try (InferenceEngine engine = InferenceEngine.start(model, EngineConfig.defaults().withKvBudgetBytes(8 << 20))) {
            Collector c = new Collector();
            engine.submit(GenerationRequest.of("s", encode(PROMPTS[0]), params), c);
            GenerationOutcome outcome = c.await();
            assertThat(c.text.toString()).isEqualTo(alone.text());
            assertThat(outcome.reason()).isEqualTo(alone.finishReason());
        }
    }

    @Test
    void cancellationEndsTheRequestAndFreesItsBlocks() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(model, EngineConfig.defaults().withKvBudgetBytes(8 << 20))) {
            Collector c = new Collector();
            RequestHandle handle = engine.submit(new GenerationRequest("c", encode(PROMPTS[1]), greedy(100_000),
                    Priority.INTERACTIVE, null, "", true), c);
            while (c.ids.size() < 5) {
                Thread.sleep(1);
            }
            assertThat(engine.stats().kvBlocksUsed()).isPositive();
            handle.cancel();
            GenerationOutcome outcome = c.await();
            assertThat(outcome.reason()).isEqualTo(FinishReason.CANCELLED);
            awaitBlocksFreed(engine);
            assertThat(engine.cancel("c")).isFalse();
        }
    }

    @Test
    void anInteractiveRequestPreemptsBatchWorkWhenBlocksRunOutAndBothFinishCorrectly() throws Exception {
        int[] batchPrompt = encode(PROMPTS[2]);
        int[] chatPrompt = encode(PROMPTS[3]);
        int batchTokens = 6 * 16 - batchPrompt.length;
        int[] batchAlone = new Generator(model).ignoringEndOfGeneration(true)
                .generate(batchPrompt, greedy(batchTokens), 0, t -> { }).ids();
        int[] chatAlone = new Generator(model).ignoringEndOfGeneration(true)
                .generate(chatPrompt, greedy(20), 0, t -> { }).ids();
        long perBlock = dev.osprey.engine.kv.KvStorage.bytesPerBlock(model.kvShape(), 16);
        try (InferenceEngine engine = InferenceEngine.start(model, EngineConfig.defaults().withKvBudgetBytes(6 * perBlock).withContextTokens(6 * 16))) {
            Collector chat = new Collector();
            Collector batch = new Collector() {
                @Override
                public void onToken(StreamedToken token) {
                    super.onToken(token);
                    if (batchPrompt.length + ids.size() == 5 * 16 + 1) {
                        // the batch is about to take the pool's last block for position 80
                        engine.submit(new GenerationRequest("chat", chatPrompt, greedy(20), Priority.INTERACTIVE, null, "",
                                true), chat);
                    }
                }
            };
            engine.submit(new GenerationRequest("batch", batchPrompt, greedy(batchTokens), Priority.BATCH, null, "", true),
                    batch);
            GenerationOutcome chatOutcome = chat.await();
            GenerationOutcome batchOutcome = batch.await();
            assertThat(engine.stats().preemptions()).isPositive();
            assertThat(batchOutcome.preemptions()).isPositive();
            assertThat(chatOutcome.preemptions()).isZero();
            assertThat(chat.idArray()).containsExactly(chatAlone);
            assertThat(batch.idArray()).containsExactly(batchAlone);
            assertThat(batchOutcome.reason()).isEqualTo(FinishReason.LENGTH);
            awaitBlocksFreed(engine);
        }
    }

    @Test
    void aRequestWhoseObserverIsNotReadyPausesKeepingItsBlocksAndResumesExactly() throws Exception {
        int[] slowAlone = new Generator(model).ignoringEndOfGeneration(true)
                .generate(encode(PROMPTS[0]), greedy(40), 0, t -> { }).ids();
        try (InferenceEngine engine = InferenceEngine.start(model, EngineConfig.defaults().withKvBudgetBytes(8 << 20))) {
            java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean(true);
            Collector slow = new Collector() {
                @Override
                public void onToken(StreamedToken token) {
                    super.onToken(token);
                    if (ids.size() == 5) {
                        ready.set(false);
                    }
                }

                @Override
                public boolean ready() {
                    return ready.get();
                }
            };
            RequestHandle handle = engine.submit(new GenerationRequest("slow", encode(PROMPTS[0]), greedy(40),
                    Priority.INTERACTIVE, null, "", true), slow);
            while (slow.ids.size() < 5) {
                Thread.sleep(1);
            }
            Collector other = new Collector();
            engine.submit(GenerationRequest.of("other", encode(PROMPTS[1]), greedy(20)), other);
            assertThat(other.await().reason()).as("others run past a paused request").isIn(FinishReason.LENGTH,
                    FinishReason.STOP);
            Thread.sleep(50);
            assertThat(slow.ids).as("no tokens while paused").hasSize(5);
            assertThat(slow.done).isNotDone();
            assertThat(engine.stats().kvBlocksUsed()).as("the paused request keeps its blocks").isPositive();

            ready.set(true);
            handle.resume();
            assertThat(slow.await().reason()).isEqualTo(FinishReason.LENGTH);
            assertThat(slow.idArray()).containsExactly(slowAlone);
            awaitBlocksFreed(engine);
        }
    }

    @Test
    void aPassedDeadlineEndsTheRequest() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(model, EngineConfig.defaults().withKvBudgetBytes(8 << 20))) {
            Collector c = new Collector();
            engine.submit(new GenerationRequest("d", encode(PROMPTS[0]), greedy(100_000), Priority.INTERACTIVE,
                    Instant.now().plusMillis(150), "", true), c);
            GenerationOutcome outcome = c.await();
            assertThat(outcome.reason()).isEqualTo(FinishReason.DEADLINE);
            assertThat(outcome.totalNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
            awaitBlocksFreed(engine);
        }
    }

    @Test
    void aRepeatedPromptReusesItsCachedBlocks() throws Exception {
        int[] prompt = new int[100];
        int[] story = encode("Once upon a time, there was a little girl named Lily. She loved to play outside in the sun. "
                + "One day, she saw a big tree with a swing. She wanted to play on the swing, but it was too high.");
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = story[i % story.length];
        }
        try (InferenceEngine engine = InferenceEngine.start(model, EngineConfig.defaults().withKvBudgetBytes(8 << 20))) {
            Collector first = new Collector();
            engine.submit(GenerationRequest.of("p1", prompt, greedy(8)), first);
            GenerationOutcome cold = first.await();
            Collector second = new Collector();
            engine.submit(GenerationRequest.of("p2", prompt, greedy(8)), second);
            GenerationOutcome warm = second.await();
            assertThat(cold.cachedPromptTokens()).isZero();
            assertThat(warm.cachedPromptTokens()).isEqualTo(96);
            assertThat(second.idArray()).containsExactly(first.idArray());
            assertThat(engine.stats().prefixHits()).isEqualTo(6);
        }
    }

    @Test
    void badRequestsAreRefusedAtSubmission() {
        EngineConfig config = EngineConfig.defaults().withKvBudgetBytes(8 << 20).withMaxWaitingRequests(1);
        try (InferenceEngine engine = InferenceEngine.start(model, config)) {
            Collector c = new Collector();
            assertThatThrownBy(() -> engine.submit(GenerationRequest.of("e", new int[0], greedy(4)), c))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("empty");
            assertThatThrownBy(() -> engine.submit(GenerationRequest.of("v", new int[] {1, 999_999}, greedy(4)), c))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("999999");
            int[] tooLong = new int[model.config().contextLength()];
            java.util.Arrays.fill(tooLong, 1);
            assertThatThrownBy(() -> engine.submit(GenerationRequest.of("l", tooLong, greedy(4)), c))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("prompt of " + tooLong.length + " tokens")
                    .hasMessageContaining("context window of " + model.config().contextLength() + " tokens");
        }
    }

    @Test
    void aKvBudgetThatCannotHoldOneWindowRefusesToStartSayingWhatItNeeds() {
        long perToken = model.kvShape().bytesPerToken();
        int context = model.config().contextLength();
        long needed = (long) ((context + 15) / 16) * 16 * perToken;
        assertThatThrownBy(() -> InferenceEngine.start(model, EngineConfig.defaults().withKvBudgetBytes(needed - 1)
                .withContextTokens(context)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one full context window of " + context + " tokens needs " + needed + " bytes")
                .hasMessageContaining(perToken + " bytes per token in f16");
        try (InferenceEngine engine = InferenceEngine.start(model, EngineConfig.defaults().withKvBudgetBytes(needed))) {
            assertThat(engine.contextWindow()).isEqualTo(context);
            assertThat(engine.kvCapacityTokens()).isEqualTo((long) (context + 15) / 16 * 16);
            assertThat(engine.kvBytes()).isEqualTo(needed);
        }
        // unconfigured, the window shrinks to what the budget holds (as llama.cpp's server starts a 128K model)
        long threeQuarters = (long) ((context * 3 / 4 + 15) / 16) * 16 * perToken;
        try (InferenceEngine engine = InferenceEngine.start(model,
                EngineConfig.defaults().withKvBudgetBytes(threeQuarters))) {
            assertThat(engine.contextWindow()).isLessThan(context).isGreaterThanOrEqualTo(context / 2);
        }
        assertThatThrownBy(() -> InferenceEngine.start(model, EngineConfig.defaults().withKvBudgetBytes(needed / 8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one full context window of " + context);
        assertThatThrownBy(() -> InferenceEngine.start(model, EngineConfig.defaults().withContextTokens(context + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining((context + 1) + " tokens exceeds the " + context + " tokens");
    }

    @Test
    void aShorterContextWindowRefusesLongerPromptsNamingBothLimits() {
        try (InferenceEngine engine = InferenceEngine.start(model, EngineConfig.defaults().withContextTokens(40))) {
            int[] prompt = new int[40];
            java.util.Arrays.fill(prompt, 1);
            assertThatThrownBy(() -> engine.submit(GenerationRequest.of("w", prompt, greedy(4)), new Collector()))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("context window of 40 tokens")
                    .hasMessageContaining("trained for " + model.config().contextLength());
        }
    }

    @Test
    void aFullWaitingQueueRefusesNewRequestsWithARetryHint() throws Exception {
        EngineConfig config = new EngineConfig(16, 8 << 20, 16, 1, 1);
        try (InferenceEngine engine = InferenceEngine.start(model, config)) {
            Collector running = new Collector();
            engine.submit(new GenerationRequest("run", encode(PROMPTS[0]), greedy(100_000), Priority.INTERACTIVE, null, "", true),
                    running);
            while (running.ids.isEmpty()) {
                Thread.sleep(1);
            }
            Collector waiting = new Collector();
            engine.submit(GenerationRequest.of("wait", encode(PROMPTS[1]), greedy(4)), waiting);
            assertThatThrownBy(() -> engine.submit(GenerationRequest.of("over", encode(PROMPTS[2]), greedy(4)), new Collector()))
                    .isInstanceOf(EngineOverloadedException.class)
                    .satisfies(e -> assertThat(((EngineOverloadedException) e).retryAfter()).isPositive());
            assertThatThrownBy(() -> engine.submit(GenerationRequest.of("run", encode(PROMPTS[2]), greedy(4)), new Collector()))
                    .isInstanceOf(RuntimeException.class);
            engine.cancel("run");
            assertThat(running.await().reason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(waiting.await().reason()).isIn(FinishReason.LENGTH, FinishReason.STOP);
        }
    }

    private static void awaitBlocksFreed(InferenceEngine engine) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.stats().kvBlocksUsed() != 0 && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertThat(engine.stats().kvBlocksUsed()).isZero();
        assertThat(engine.stats().running()).isZero();
    }
}
