package dev.osprey.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.Model;
import dev.osprey.engine.forward.ForwardBatch;
import dev.osprey.engine.forward.KvCache;
import dev.osprey.engine.generate.Generator;
import dev.osprey.engine.sampling.FinishReason;
import dev.osprey.engine.sampling.SamplingParameters;
import dev.osprey.engine.serve.InferenceEngineTest.Collector;
import dev.osprey.testkit.ReferenceFiles;
import dev.osprey.tokenizer.EncodeOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A failure in one step or one request is contained; a dead engine thread refuses work instead of queueing it. */
class EngineFaultsTest {
    private static final String[] PROMPTS = {"Once upon a time", "The little dog", "Lily and Ben went to the park"};
    /** The poisoned request's prompt holds this id; no other prompt or generated text does. */
    private static final int MARKER = 511;
    private static Model model;

    @BeforeAll
    static void load() {
        model = Model.load(ReferenceFiles.path("models/stories260K.gguf"), EngineOptions.defaults().withThreads(2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static EngineConfig config() {
        return EngineConfig.defaults().withKvBudgetBytes(8 << 20);
    }

    private static int[] encode(String text) {
        return model.tokenizer().encode(text, EncodeOptions.PROMPT);
    }

    private static SamplingParameters greedy(int maxTokens) {
        return SamplingParameters.greedy().toBuilder().maxTokens(maxTokens).build();
    }

    private static int[] alone(int[] prompt, int maxTokens) {
        return new Generator(model).ignoringEndOfGeneration(true).generate(prompt, greedy(maxTokens), 0, t -> { }).ids();
    }

    private static GenerationRequest request(String id, int[] prompt, int maxTokens) {
        return new GenerationRequest(id, prompt, greedy(maxTokens), Priority.INTERACTIVE, null, "", true);
    }

    /** The model's forward pass with the logits rows of every sequence that was fed {@link #MARKER} set to NaN. */
    private static ForwardPass nanForMarkedSequences() {
        Set<KvCache> poisoned = Collections.newSetFromMap(new IdentityHashMap<>());
        return batch -> {
            float[] logits = model.forward(batch);
            for (int i = 0; i < batch.size(); i++) {
                if (batch.tokens()[i] == MARKER) {
                    poisoned.add(batch.caches()[i]);
                }
            }
            int vocab = model.config().vocabSize();
            for (int o = 0; o < batch.outputs().length; o++) {
                if (poisoned.contains(batch.caches()[batch.outputs()[o]])) {
                    Arrays.fill(logits, o * vocab, (o + 1) * vocab, Float.NaN);
                }
            }
            return logits;
        };
    }

    @Test
    void nanLogitsForOneSequenceOfFourFailItAloneAndTheEngineGoesOn() throws Exception {
        List<int[]> expected = new ArrayList<>();
        for (String p : PROMPTS) {
            int[] prompt = encode(p);
            int[] ids = alone(prompt, 30);
            assertThat(prompt).as("precondition: only the poisoned prompt holds the marker").doesNotContain(MARKER);
            assertThat(ids).as("precondition: no clean request generates the marker").doesNotContain(MARKER);
            expected.add(ids);
        }
        int[] poisonedPrompt = encode("One day, a big bird");
        poisonedPrompt[poisonedPrompt.length - 1] = MARKER;

        try (InferenceEngine engine = InferenceEngine.start(model, config(), nanForMarkedSequences())) {
            List<Collector> clean = new ArrayList<>();
            Collector poisoned = new Collector();
            for (int i = 0; i < PROMPTS.length; i++) {
                Collector c = new Collector();
                engine.submit(request("clean-" + i, encode(PROMPTS[i]), 30), c);
                clean.add(c);
                if (i == 1) {
                    engine.submit(request("poisoned", poisonedPrompt, 30), poisoned);
                }
            }

            GenerationOutcome failed = poisoned.await();
            assertThat(failed.reason()).isEqualTo(FinishReason.ERROR);
            assertThat(failed.message()).startsWith("sampling failed: ").contains("NaN");
            assertThat(poisoned.ids).isEmpty();
            for (int i = 0; i < PROMPTS.length; i++) {
                assertThat(clean.get(i).await().reason()).as("request %d", i).isEqualTo(FinishReason.LENGTH);
                assertThat(clean.get(i).idArray()).as("request %d, token-exact", i).containsExactly(expected.get(i));
            }
            assertThat(engine.stats().steps()).as("the four shared steps").isLessThan(2L * 31);

            Collector next = new Collector();
            engine.submit(request("next", encode(PROMPTS[0]), 30), next);
            assertThat(next.await().reason()).isEqualTo(FinishReason.LENGTH);
            assertThat(next.idArray()).containsExactly(expected.get(0));
            awaitBlocksFreed(engine);
            assertThat(engine.failure()).isEmpty();
        }
    }

    @Test
    void aFailedForwardPassFailsItsStepsRequestsFreesTheirBlocksAndTheEngineGoesOn() throws Exception {
        AtomicBoolean failed = new AtomicBoolean();
        ForwardPass failsTheFirstStepOfTwo = batch -> {
            if (batch.outputs().length == 2 && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("injected kernel failure");
            }
            return model.forward(batch);
        };
        try (InferenceEngine engine = InferenceEngine.start(model, config(), failsTheFirstStepOfTwo)) {
            Collector a = new Collector();
            Collector b = new Collector();
            engine.submit(request("a", encode(PROMPTS[0]), 200), a);
            engine.submit(request("b", encode(PROMPTS[1]), 200), b);
            for (Collector c : List.of(a, b)) {
                GenerationOutcome outcome = c.await();
                assertThat(outcome.reason()).as("%s", outcome).isEqualTo(FinishReason.ERROR);
                assertThat(outcome.message()).isEqualTo("forward pass failed: injected kernel failure");
            }
            assertThat(failed).isTrue();
            awaitBlocksFreed(engine);

            Collector after = new Collector();
            engine.submit(request("after", encode(PROMPTS[2]), 20), after);
            assertThat(after.await().reason()).isEqualTo(FinishReason.LENGTH);
            assertThat(after.idArray()).containsExactly(alone(encode(PROMPTS[2]), 20));
        }
    }

    @Test
    void anObserverThatThrowsFailsItsRequestOnly() throws Exception {
        try (InferenceEngine engine = InferenceEngine.start(model, config())) {
            Collector broken = new Collector() {
                @Override
                public void onToken(StreamedToken token) {
                    throw new IllegalStateException("socket closed");
                }
            };
            Collector fine = new Collector();
            engine.submit(request("broken", encode(PROMPTS[0]), 20), broken);
            engine.submit(request("fine", encode(PROMPTS[1]), 20), fine);

            GenerationOutcome outcome = broken.await();
            assertThat(outcome.reason()).isEqualTo(FinishReason.ERROR);
            assertThat(outcome.message()).isEqualTo("streaming a token failed: socket closed");
            assertThat(fine.await().reason()).isEqualTo(FinishReason.LENGTH);
            assertThat(fine.idArray()).containsExactly(alone(encode(PROMPTS[1]), 20));
            awaitBlocksFreed(engine);
        }
    }

    @Test
    void aDeadEngineThreadFailsLiveRequestsTellsListenersAndRefusesNewOnesAtOnce() throws Exception {
        AtomicBoolean die = new AtomicBoolean();
        ForwardPass fatal = batch -> {
            if (die.get()) {
                throw new OutOfMemoryError("injected: no memory for activations");
            }
            return model.forward(batch);
        };
        try (InferenceEngine engine = InferenceEngine.start(model, config(), fatal)) {
            CompletableFuture<Throwable> heard = new CompletableFuture<>();
            engine.onFailure(heard::complete);
            Collector live = new Collector() {
                @Override
                public void onToken(StreamedToken token) {
                    super.onToken(token);
                    die.set(true);
                }
            };
            engine.submit(request("live", encode(PROMPTS[0]), 100), live);

            assertThat(heard.get(30, TimeUnit.SECONDS)).isInstanceOf(OutOfMemoryError.class);
            GenerationOutcome outcome = live.await();
            assertThat(outcome.reason()).isEqualTo(FinishReason.ERROR);
            assertThat(outcome.message()).isEqualTo("the inference engine stopped: injected: no memory for activations");
            assertThat(engine.failure()).containsInstanceOf(OutOfMemoryError.class);
            assertThatThrownBy(() -> engine.submit(request("late", encode(PROMPTS[1]), 4), new Collector()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stopped after a failure (injected: no memory for activations)");
            assertThat(engine.isLive("late")).isFalse();
            CompletableFuture<Throwable> lateListener = new CompletableFuture<>();
            engine.onFailure(lateListener::complete);
            assertThat(lateListener).isCompleted();
        }
    }

    static void awaitBlocksFreed(InferenceEngine engine) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((engine.stats().kvBlocksUsed() != 0 || engine.stats().running() != 0) && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertThat(engine.stats().kvBlocksUsed()).as("KV blocks in use").isZero();
        assertThat(engine.stats().running()).isZero();
    }
}
