package dev.osprey.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.engine.generate.Generator;
import dev.osprey.engine.kv.KvStorage;
import dev.osprey.engine.sampling.FinishReason;
import dev.osprey.engine.sampling.SamplingParameters;
import dev.osprey.engine.serve.EngineConfig;
import dev.osprey.engine.serve.GenerationObserver;
import dev.osprey.engine.serve.GenerationOutcome;
import dev.osprey.engine.serve.GenerationRequest;
import dev.osprey.engine.serve.InferenceEngine;
import dev.osprey.engine.serve.Priority;
import dev.osprey.engine.serve.StreamedToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sliding-window model served with blocks released as they leave the window: a 100-token sequence
 * (13 blocks of 8) runs in a 7-block cache, in chunks of 16, and produces exactly what the single-sequence
 * generator (a contiguous cache that keeps everything) produces.
 */
class SlidingWindowServingTest {
    @TempDir
    Path dir;

    @Test
    void aWindowedSequenceRunsInACacheSmallerThanItsLengthAndMatchesTheGenerator() throws Exception {
        Path file = TinyModelFile.llama(31).withSlidingWindow(24).write(dir.resolve("w.gguf"));
        try (Model model = Model.load(file, TestEngines.options())) {
            SplittableRandom random = new SplittableRandom(8);
            int[] prompt = new int[40];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = random.nextInt(256);
            }
            SamplingParameters greedy = SamplingParameters.greedy().toBuilder().maxTokens(60).build();
            int[] alone = new Generator(model).ignoringEndOfGeneration(true).generate(prompt, greedy, 0, t -> { }).ids();

            int blockSize = 8;
            long budget = 7 * KvStorage.bytesPerBlock(model.kvShape(), blockSize);
            EngineConfig config = new EngineConfig(blockSize, budget, 16, 1, 1);
            try (InferenceEngine engine = InferenceEngine.start(model, config)) {
                List<Integer> ids = new ArrayList<>();
                int[] mostUsed = {0};
                CompletableFuture<GenerationOutcome> done = new CompletableFuture<>();
                engine.submit(new GenerationRequest("w", prompt, greedy, Priority.INTERACTIVE, null, "", true),
                        new GenerationObserver() {
                            @Override
                            public void onToken(StreamedToken token) {
                                ids.add(token.id());
                                mostUsed[0] = Math.max(mostUsed[0], engine.stats().kvBlocksUsed());
                            }

                            @Override
                            public void onComplete(GenerationOutcome outcome) {
                                done.complete(outcome);
                            }
                        });
                GenerationOutcome outcome = done.get(60, TimeUnit.SECONDS);
                assertThat(outcome.reason()).isEqualTo(FinishReason.LENGTH);
                assertThat(ids).containsExactly(java.util.Arrays.stream(alone).boxed().toArray(Integer[]::new));
                assertThat(mostUsed[0]).as("blocks held at once").isLessThanOrEqualTo(7).isPositive();
                assertThat(engine.stats().preemptions()).isZero();
            }
        }
    }
}
