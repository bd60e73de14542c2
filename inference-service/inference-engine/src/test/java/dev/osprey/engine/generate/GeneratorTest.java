package dev.osprey.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.EngineException;
import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.Model;
import dev.osprey.engine.sampling.FinishReason;
import dev.osprey.engine.sampling.SamplingParameters;
import dev.osprey.testkit.ReferenceFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generation loop on stories260K: lengths, stops, streaming, logprobs, seeds, bad prompts. */
class GeneratorTest {
    private static Model model;
    private static int[] prompt;

    @BeforeAll
    static void load() {
        model = Model.load(ReferenceFiles.path("models/stories260K.gguf"), EngineOptions.defaults().withThreads(2));
        prompt = model.tokenizer().encode("Once upon a time", dev.osprey.tokenizer.EncodeOptions.PROMPT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void streamedTextConcatenatesToTheResultAndLengthIsReported() {
        List<String> deltas = new ArrayList<>();
        GenerationResult r = new Generator(model).generate(prompt,
                SamplingParameters.greedy().toBuilder().maxTokens(20).build(), 0, new GenerationListener() {
                    @Override
                    public void token(GeneratedToken token) {
                        deltas.add(token.text());
                    }

                    @Override
                    public void trailingText(String text) {
                        deltas.add(text);
                    }
                });
        assertThat(r.tokens()).hasSize(20);
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(String.join("", deltas)).isEqualTo(r.text()).startsWith(", there was a little girl named Lily.");
        assertThat(model.tokenizer().decode(r.ids(), false)).isEqualTo(r.text());
    }

    @Test
    void logprobsComeWithEachTokenAndGreedyPicksTheMostLikely() {
        GenerationResult r = new Generator(model).generate(prompt,
                SamplingParameters.greedy().toBuilder().maxTokens(5).logprobs(3).build(), 5, token -> { });
        for (GeneratedToken t : r.tokens()) {
            assertThat(t.logprobs().tokenId()).isEqualTo(t.id());
            assertThat(t.logprobs().rank()).isEqualTo(1);
            assertThat(t.logprobs().top()).hasSize(3);
            assertThat(t.logprobs().logprob()).isLessThanOrEqualTo(0.0);
            assertThat(t.topLogits()).hasSize(5);
            assertThat(t.topLogits().getFirst().id()).isEqualTo(t.id());
        }
    }

    @Test
    void stopTokenIdsEndWithStopAndSeedsReproduce() {
        GenerationResult greedy = new Generator(model).generate(prompt,
                SamplingParameters.greedy().toBuilder().maxTokens(10).build(), 0, token -> { });
        int third = greedy.ids()[2];
        GenerationResult stopped = new Generator(model).generate(prompt,
                SamplingParameters.greedy().toBuilder().maxTokens(10).stopTokenIds(third).build(), 0, token -> { });
        assertThat(stopped.ids()).containsExactly(greedy.ids()[0], greedy.ids()[1]);
        assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);

        SamplingParameters hot = SamplingParameters.builder().temperature(1.2).maxTokens(30).seed(99).build();
        assertThat(new Generator(model).generate(prompt, hot, 0, t -> { }).ids())
                .containsExactly(new Generator(model).generate(prompt, hot, 0, t -> { }).ids());
    }

    @Test
    void emptyAndOverlongPromptsAreRefused() {
        SamplingParameters p = SamplingParameters.greedy();
        assertThatThrownBy(() -> new Generator(model).generate(new int[0], p, 0, t -> { }))
                .isInstanceOf(EngineException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> new Generator(model).generate(new int[model.config().contextLength()], p, 0, t -> { }))
                .isInstanceOf(EngineException.class).hasMessageContaining("context");
    }
}
