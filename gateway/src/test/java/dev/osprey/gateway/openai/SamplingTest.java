package dev.osprey.gateway.openai;

import static dev.osprey.gateway.TestJson.json;
import static dev.osprey.gateway.openai.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingTest {

    private static Sampling read(String body) {
        return Sampling.read(JsonFields.body(json(body)), null, "max_tokens");
    }

    @Test
    void absentFieldsLeaveTheServiceDefaults() {
        Sampling s = read("{}");
        assertThat(s.maxTokens()).isNull();
        assertThat(s.temperature()).isNull();
        assertThat(s.topP()).isNull();
        assertThat(s.topK()).isZero();
        assertThat(s.minP()).isZero();
        assertThat(s.repetitionPenalty()).isNull();
        assertThat(s.presencePenalty()).isZero();
        assertThat(s.frequencyPenalty()).isZero();
        assertThat(s.seed()).isNull();
        assertThat(s.stop()).isEmpty();
        assertThat(s.ignoreEos()).isFalse();
        assertThat(s.logitBias()).isEmpty();
    }

    @Test
    void readsEveryField() {
        Sampling s = read("{'max_tokens': 9, 'temperature': 0.2, 'top_p': 0.9, 'top_k': 40, 'min_p': 0.05,"
                + " 'repetition_penalty': 1.1, 'presence_penalty': -1, 'frequency_penalty': 2, 'seed': -7,"
                + " 'ignore_eos': true}");
        assertThat(s).isEqualTo(new Sampling(9, 0.2, 0.9, 40, 0.05, 1.1, -1, 2, -7L, List.of(), null, true, Map.of()));
        assertThat(s.withMaxTokens(3).maxTokens()).isEqualTo(3);
        assertThat(s.withSeed(5L).seed()).isEqualTo(5L);
    }

    @Test
    void topPMustBePositive() {
        ApiException e = rejected(() -> read("{'top_p': 0}"));
        assertThat(e.param()).isEqualTo("top_p");
        assertThat(e.getMessage()).isEqualTo("Invalid 'top_p': must be in (0, 1], but got 0 instead.");
        assertThat(read("{'top_p': 1}").topP()).isEqualTo(1.0);
        assertThat(rejected(() -> read("{'top_p': 1.5}")).param()).isEqualTo("top_p");
    }

    @Test
    void repetitionPenaltyMustBePositive() {
        ApiException e = rejected(() -> read("{'repetition_penalty': 0}"));
        assertThat(e.param()).isEqualTo("repetition_penalty");
        assertThat(e.getMessage()).isEqualTo("Invalid 'repetition_penalty': must be in (0, 100], but got 0 instead.");
        assertThat(rejected(() -> read("{'repetition_penalty': -1}")).getMessage()).isEqualTo(
                "Invalid 'repetition_penalty': decimal below minimum value. Expected a value >= 0, but got -1 instead.");
        assertThat(read("{'repetition_penalty': 100}").repetitionPenalty()).isEqualTo(100.0);
    }

    @Test
    void topKMinusOneMeansOff() {
        assertThat(read("{'top_k': -1}").topK()).isZero();
        assertThat(read("{'top_k': 0}").topK()).isZero();
        assertThat(rejected(() -> read("{'top_k': -2}")).getMessage()).isEqualTo(
                "Invalid 'top_k': integer below minimum value. Expected a value >= -1, but got -2 instead.");
    }

    @Test
    void stopIsAStringOrAnArrayOfAtMostSixteen() {
        assertThat(read("{'stop': '\\n'}").stop()).containsExactly("\n");
        assertThat(read("{'stop': ['a', 'b']}").stop()).containsExactly("a", "b");
        assertThat(read("{'stop': []}").stop()).isEmpty();
        String sixteen = "[" + "'x',".repeat(15) + "'x']";
        assertThat(read("{'stop': " + sixteen + "}").stop()).hasSize(Sampling.MAX_STOP_STRINGS);
        ApiException tooMany = rejected(() -> read("{'stop': " + sixteen.replace("[", "['y',") + "}"));
        assertThat(tooMany.getMessage()).isEqualTo("Invalid 'stop': array too long. Expected an array with "
                + "maximum length 16, but got an array with length 17 instead.");
        assertThat(rejected(() -> read("{'stop': ['a', 1]}")).getMessage())
                .isEqualTo("Invalid type for 'stop[1]': expected a string, but got an integer instead.");
        assertThat(rejected(() -> read("{'stop': 1}")).getMessage()).isEqualTo(
                "Invalid type for 'stop': expected a string or an array of strings, but got an integer instead.");
    }

    @Test
    void rangesOfTheOtherFields() {
        assertThat(rejected(() -> read("{'temperature': 2.1}")).param()).isEqualTo("temperature");
        assertThat(rejected(() -> read("{'min_p': 1.1}")).param()).isEqualTo("min_p");
        assertThat(rejected(() -> read("{'presence_penalty': -2.5}")).param()).isEqualTo("presence_penalty");
        assertThat(rejected(() -> read("{'frequency_penalty': 3}")).param()).isEqualTo("frequency_penalty");
        assertThat(rejected(() -> read("{'seed': 1.5}")).param()).isEqualTo("seed");
        assertThat(rejected(() -> read("{'ignore_eos': 'yes'}")).param()).isEqualTo("ignore_eos");
    }
}
