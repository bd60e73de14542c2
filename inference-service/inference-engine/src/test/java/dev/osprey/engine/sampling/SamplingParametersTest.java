package dev.osprey.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.engine.EngineException;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SamplingParametersTest {

    @Test
    void defaultsTurnEveryStepOff() {
        SamplingParameters p = SamplingParameters.defaults();
        assertThat(p.temperature()).isEqualTo(1.0);
        assertThat(p.topK()).isZero();
        assertThat(p.topP()).isEqualTo(1.0);
        assertThat(p.minP()).isZero();
        assertThat(p.repetitionPenalty()).isEqualTo(1.0);
        assertThat(p.presencePenalty()).isZero();
        assertThat(p.frequencyPenalty()).isZero();
        assertThat(p.penaltyLastN()).isEqualTo(64);
        assertThat(p.seed()).isEmpty();
        assertThat(p.stopTokenIds()).isEmpty();
        assertThat(p.stopStrings()).isEmpty();
        assertThat(p.logprobs()).isEmpty();
        assertThat(p.maxTokens()).isEqualTo(16);
        assertThat(p.logitBias()).isEmpty();
        assertThat(p.isGreedy()).isFalse();
        assertThat(p.hasPenalties()).isFalse();
        assertThat(SamplingParameters.greedy().isGreedy()).isTrue();
    }

    @Test
    void builderSetsEveryFieldAndToBuilderRoundTrips() {
        SamplingParameters p = SamplingParameters.builder()
                .temperature(0.7).topK(40).topP(0.95).minP(0.05)
                .repetitionPenalty(1.1).presencePenalty(0.5).frequencyPenalty(-0.5).penaltyLastN(-1)
                .seed(42).stopTokenIds(7, 9).stopStrings("\n\n", "User:").logprobs(5).maxTokens(256)
                .build();
        assertThat(p).isEqualTo(new SamplingParameters(0.7, 40, 0.95, 0.05, 1.1, 0.5, -0.5, -1,
                OptionalLong.of(42), java.util.Set.of(7, 9), List.of("\n\n", "User:"), OptionalInt.of(5), 256, java.util.Map.of()));
        assertThat(p.toBuilder().build()).isEqualTo(p);
        assertThat(p.toBuilder().topK(0).build().topK()).isZero();
        assertThat(p.isStopToken(7)).isTrue();
        assertThat(p.isStopToken(8)).isFalse();
        assertThat(p.hasPenalties()).isTrue();
        assertThat(p.toBuilder().penaltyLastN(0).build().hasPenalties()).isFalse();
    }

    @Test
    void collectionsAreCopiedAndImmutable() {
        String[] stops = {"a", "b"};
        SamplingParameters p = SamplingParameters.builder().stopStrings(stops).build();
        stops[0] = "changed";
        assertThat(p.stopStrings()).containsExactly("a", "b");
        assertThatThrownBy(() -> p.stopStrings().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> p.stopTokenIds().add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void boundaryValuesAreAccepted() {
        SamplingParameters.builder().temperature(0).topP(1).minP(0).topK(0).repetitionPenalty(1e-6)
                .presencePenalty(-2).frequencyPenalty(2).penaltyLastN(-1).logprobs(0).maxTokens(1).build();
        SamplingParameters.builder().topP(1e-9).minP(1).presencePenalty(2).frequencyPenalty(-2)
                .logprobs(20).stopTokenIds(0).build();
        assertThat(SamplingParameters.builder().logitBias(biasOver(300)).logitBias(java.util.Map.of(0, -100f, 1, 100f))
                .build().logitBias()).containsEntry(0, -100f).containsEntry(1, 100f).hasSize(2);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad(b -> b.temperature(-0.5), "temperature", "temperature must be a finite number >= 0 (0 = greedy), got -0.5"),
                bad(b -> b.temperature(Double.NaN), "temperature", "temperature must be a finite number >= 0 (0 = greedy), got NaN"),
                bad(b -> b.temperature(Double.POSITIVE_INFINITY), "temperature", "temperature must be a finite number >= 0 (0 = greedy), got Infinity"),
                bad(b -> b.topK(-1), "top_k", "top_k must be >= 0 (0 = off), got -1"),
                bad(b -> b.topP(0), "top_p", "top_p must be in (0, 1] (1 = off), got 0.0"),
                bad(b -> b.topP(1.01), "top_p", "top_p must be in (0, 1] (1 = off), got 1.01"),
                bad(b -> b.topP(Double.NaN), "top_p", "top_p must be in (0, 1] (1 = off), got NaN"),
                bad(b -> b.minP(-0.1), "min_p", "min_p must be in [0, 1] (0 = off), got -0.1"),
                bad(b -> b.minP(1.5), "min_p", "min_p must be in [0, 1] (0 = off), got 1.5"),
                bad(b -> b.minP(Double.NaN), "min_p", "min_p must be in [0, 1] (0 = off), got NaN"),
                bad(b -> b.repetitionPenalty(0), "repetition_penalty", "repetition_penalty must be a finite number > 0 (1 = off), got 0.0"),
                bad(b -> b.repetitionPenalty(-1.2), "repetition_penalty", "repetition_penalty must be a finite number > 0 (1 = off), got -1.2"),
                bad(b -> b.repetitionPenalty(Double.NaN), "repetition_penalty", "repetition_penalty must be a finite number > 0 (1 = off), got NaN"),
                bad(b -> b.presencePenalty(2.5), "presence_penalty", "presence_penalty must be in [-2, 2] (0 = off), got 2.5"),
                bad(b -> b.presencePenalty(-2.01), "presence_penalty", "presence_penalty must be in [-2, 2] (0 = off), got -2.01"),
                bad(b -> b.presencePenalty(Double.NaN), "presence_penalty", "presence_penalty must be in [-2, 2] (0 = off), got NaN"),
                bad(b -> b.frequencyPenalty(3), "frequency_penalty", "frequency_penalty must be in [-2, 2] (0 = off), got 3.0"),
                bad(b -> b.frequencyPenalty(Double.NaN), "frequency_penalty", "frequency_penalty must be in [-2, 2] (0 = off), got NaN"),
                bad(b -> b.penaltyLastN(-2), "penalty_last_n", "penalty_last_n must be >= -1 (-1 = whole history, 0 = off), got -2"),
                bad(b -> b.logprobs(21), "logprobs", "logprobs must be in [0, 20], got 21"),
                bad(b -> b.logprobs(-1), "logprobs", "logprobs must be in [0, 20], got -1"),
                bad(b -> b.maxTokens(0), "max_tokens", "max_tokens must be >= 1, got 0"),
                bad(b -> b.stopStrings("###", ""), "stop", "stop must hold non-empty strings, got \"\" at index 1"),
                bad(b -> b.stopStrings(Arrays.asList("a", null)), "stop", "stop must hold non-empty strings, got null at index 1"),
                bad(b -> b.stopTokenIds(2, -3), "stop_token_ids", "stop_token_ids must be token ids >= 0, got -3"),
                bad(b -> b.stopTokenIds(Arrays.asList(1, null)), "stop_token_ids", "stop_token_ids must be token ids >= 0, got null"),
                bad(b -> b.logitBias(java.util.Map.of(7, 100.5f)), "logit_bias", "logit_bias[7] must be a finite number in [-100, 100], got 100.5"),
                bad(b -> b.logitBias(java.util.Map.of(7, -101f)), "logit_bias", "logit_bias[7] must be a finite number in [-100, 100], got -101.0"),
                bad(b -> b.logitBias(java.util.Map.of(3, Float.NaN)), "logit_bias", "logit_bias[3] must be a finite number in [-100, 100], got NaN"),
                bad(b -> b.logitBias(java.util.Map.of(3, Float.POSITIVE_INFINITY)), "logit_bias", "logit_bias[3] must be a finite number in [-100, 100], got Infinity"),
                bad(b -> b.logitBias(java.util.Map.of(-4, 1f)), "logit_bias", "logit_bias keys must be token ids >= 0, got -4"),
                bad(b -> b.logitBias(biasOver(301)), "logit_bias", "logit_bias may hold at most 300 entries, got 301"));
    }

    private static java.util.Map<Integer, Float> biasOver(int n) {
        java.util.Map<Integer, Float> bias = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            bias.put(i, 1f);
        }
        return bias;
    }

    private static Arguments bad(UnaryOperator<SamplingParameters.Builder> change, String field, String message) {
        return Arguments.of(field, message, change);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("invalid")
    void invalidValuesNameTheFieldAndRange(String field, String message,
                                           UnaryOperator<SamplingParameters.Builder> change) {
        assertThatThrownBy(() -> change.apply(SamplingParameters.builder()).build())
                .isInstanceOf(InvalidSamplingParametersException.class)
                .isInstanceOf(EngineException.class)
                .hasMessage(message)
                .extracting(e -> ((InvalidSamplingParametersException) e).field()).isEqualTo(field);
    }
}
