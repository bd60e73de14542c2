package dev.osprey.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenLogprobsTest {

    @Test
    void logSumExpIsStableForLargeAndTinyLogits() {
        assertThat(TokenLogprobs.logSumExp(new float[] {0, 0}, 0, 2)).isCloseTo(Math.log(2), within(1e-12));
        assertThat(TokenLogprobs.logSumExp(new float[] {9, 1000, 1000}, 1, 2)).isCloseTo(1000 + Math.log(2), within(1e-9));
        assertThat(TokenLogprobs.logSumExp(new float[] {-1000, -1001}, 0, 2))
                .isCloseTo(-1000 + Math.log(1 + Math.exp(-1)), within(1e-9));
        float ninf = Float.NEGATIVE_INFINITY;
        assertThat(TokenLogprobs.logSumExp(new float[] {ninf, 2}, 0, 2)).isCloseTo(2, within(1e-12));
        assertThat(TokenLogprobs.logSumExp(new float[] {ninf, ninf}, 0, 2)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void ofReportsTheTokenItsRankAndTheBestAlternatives() {
        float[] batch = {7, 7, (float) Math.log(0.25), (float) Math.log(0.25), (float) Math.log(0.5)};
        TokenLogprobs lp = TokenLogprobs.of(batch, 2, 3, 1, 2);
        assertThat(lp.tokenId()).isEqualTo(1);
        assertThat(lp.logprob()).isCloseTo(Math.log(0.25), within(1e-6));
        assertThat(lp.rank()).isEqualTo(3); // 2 is better, 0 ties and has the lower id
        assertThat(lp.top()).extracting(TokenLogprobs.Alternative::tokenId).containsExactly(2, 0);
        assertThat(lp.top().get(0).logprob()).isCloseTo(Math.log(0.5), within(1e-6));
        assertThat(TokenLogprobs.of(batch, 2, 3, 2, 0).rank()).isEqualTo(1);
        assertThat(TokenLogprobs.of(batch, 2, 3, 2, 0).top()).isEmpty();
        assertThat(TokenLogprobs.of(batch, 2, 3, 2, 20).top()).hasSize(3);
    }
}
