package dev.osprey.engine.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.osprey.engine.EngineException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final int[] NO_HISTORY = {};

    /** Logits whose softmax is {@code p} (up to the shift, which softmax ignores). */
    private static float[] logitsOf(double shift, double... p) {
        float[] l = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            l[i] = (float) (Math.log(p[i]) + shift);
        }
        return l;
    }

    private static SamplingParameters.Builder params() {
        return SamplingParameters.builder().seed(1234);
    }

    private static int[] survivors(SamplingParameters p, float[] logits) {
        return new Sampler(p, logits.length).survivors(logits, 0, NO_HISTORY, 0);
    }

    private static float[] randomRow(Random r, int n, double scale) {
        float[] row = new float[n];
        for (int i = 0; i < n; i++) {
            row[i] = (float) (r.nextGaussian() * scale);
        }
        return row;
    }

    // --- greedy ---

    @Test
    void greedyIsTheArgmaxWithTiesToTheLowerId() {
        Sampler greedy = new Sampler(SamplingParameters.greedy(), 5);
        assertThat(greedy.sample(new float[] {1, 3, 3, 2, -1}, 0)).isEqualTo(1);
        assertThat(greedy.sample(new float[] {-4, -2, -3, -2, -9}, 0)).isEqualTo(1);
        assertThat(greedy.sample(new float[] {0, 0, 0, 0, 0}, 0)).isZero();
        assertThat(greedy.sample(new float[] {-0.0f, 0.0f, -1, -1, -1}, 0)).isZero();
        assertThat(greedy.sample(new float[] {Float.NEGATIVE_INFINITY, -1e30f, Float.NEGATIVE_INFINITY, -1e30f, -2e30f}, 0))
                .isEqualTo(1);
    }

    @Test
    void greedyReadsTheRowAtItsOffsetAndLeavesItUnchanged() {
        float[] batch = {9, 9, 9, 1, 5, 5, 2, 9, 9};
        float[] copy = batch.clone();
        Sampler greedy = new Sampler(SamplingParameters.greedy().toBuilder().repetitionPenalty(2).build(), 4);
        assertThat(greedy.sample(batch, 3, new int[] {1}, 1)).isEqualTo(2); // row {1, 5, 5, 2}; 5 -> 2.5 for id 1
        assertThat(batch).containsExactly(copy);
    }

    @Test
    void greedyIgnoresFiltersAndIsExactOverALargeVocabulary() {
        Random r = new Random(7);
        int vocab = 152_064;
        float[] row = randomRow(r, vocab, 3);
        row[100_000] = 20;
        row[90_000] = 20;
        Sampler greedy = new Sampler(SamplingParameters.greedy().toBuilder().topK(5).topP(0.5).minP(0.5).build(), vocab);
        assertThat(greedy.sample(row, 0)).isEqualTo(90_000);
    }

    @Test
    void topKOfOneEqualsGreedyIncludingTies() {
        Random r = new Random(11);
        Sampler greedy = new Sampler(SamplingParameters.greedy(), 50);
        Sampler topOne = new Sampler(params().topK(1).temperature(1.5).build(), 50);
        for (int trial = 0; trial < 200; trial++) {
            float[] row = new float[50];
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextInt(6); // many ties
            }
            assertThat(topOne.sample(row, 0)).isEqualTo(greedy.sample(row, 0));
        }
    }

    @Test
    void rowsNothingCanBeSampledFromAreRejected() {
        Sampler s = new Sampler(SamplingParameters.defaults(), 3);
        float inf = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> s.sample(new float[] {0, Float.NaN, 1}, 0))
                .isInstanceOf(EngineException.class).hasMessage("logit of token 1 is NaN");
        assertThatThrownBy(() -> s.sample(new float[] {-inf, -inf, -inf}, 0))
                .isInstanceOf(EngineException.class).hasMessage("every logit is -Infinity: no token can be sampled");
        assertThatThrownBy(() -> s.sample(new float[] {0, 1, inf}, 0))
                .isInstanceOf(EngineException.class).hasMessage("logit of token 2 is +Infinity");
        assertThatThrownBy(() -> s.sample(new float[] {0, 1}, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        Sampler penalising = new Sampler(SamplingParameters.builder().presencePenalty(1).build(), 3);
        assertThatThrownBy(() -> penalising.sample(new float[] {0, 1, 2}, 0, new int[] {3}, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aTinyPositiveTemperatureDrawsOnlyAmongTheMaxima() {
        Sampler s = new Sampler(params().temperature(Double.MIN_VALUE).build(), 4);
        Set<Integer> drawn = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            assertThat(s.sample(new float[] {1, 3, 2.9999f, 2}, 0)).isEqualTo(1);
            drawn.add(s.sample(new float[] {1, 3, 3, 2}, 0)); // unlike greedy, a tie is a coin flip
        }
        assertThat(drawn).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void maskedTokensAreNeverDrawn() {
        float ninf = Float.NEGATIVE_INFINITY;
        Sampler s = new Sampler(params().temperature(5).build(), 4);
        for (int i = 0; i < 500; i++) {
            assertThat(s.sample(new float[] {ninf, 0, ninf, 0}, 0)).isIn(1, 3);
        }
    }

    // --- filters ---

    @Test
    void topKKeepsTheKBestWithTiesToTheLowerId() {
        float[] row = {0, 10, 9, -5, 9, 9};
        assertThat(survivors(params().topK(2).build(), row)).containsExactly(1, 2);
        assertThat(survivors(params().topK(3).build(), row)).containsExactly(1, 2, 4);
        assertThat(survivors(params().topK(6).build(), row)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(survivors(params().topK(100).build(), row)).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void topPKeepsTheSmallestSetWhoseMassReachesP() {
        float[] row = logitsOf(3, 0.1, 0.4, 0.2, 0.3);
        assertThat(survivors(params().topP(0.35).build(), row)).containsExactly(1);
        assertThat(survivors(params().topP(0.65).build(), row)).containsExactly(1, 3);
        assertThat(survivors(params().topP(0.75).build(), row)).containsExactly(1, 2, 3);
        assertThat(survivors(params().topP(0.95).build(), row)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void topPNormalisesOverTheTopKSurvivors() {
        float[] row = logitsOf(0, 0.1, 0.4, 0.2, 0.3);
        // alone, 0.4 < 0.55 needs token 3 too; after top-2 token 1 holds 0.4 / 0.7 = 0.57 >= 0.55
        assertThat(survivors(params().topP(0.55).build(), row)).containsExactly(1, 3);
        assertThat(survivors(params().topK(2).topP(0.55).build(), row)).containsExactly(1);
    }

    @Test
    void topPIgnoresTemperatureBecauseTemperatureComesLast() {
        float[] row = logitsOf(0, 0.1, 0.4, 0.2, 0.3);
        assertThat(survivors(params().topP(0.65).temperature(0.1).build(), row)).containsExactly(1, 3);
        assertThat(survivors(params().topP(0.65).temperature(10).build(), row)).containsExactly(1, 3);
    }

    @Test
    void topPOverALargeVocabularyMatchesAFullSort() {
        Random r = new Random(3);
        for (int vocab : new int[] {200, 300, 3_000}) { // 3000 runs the 256 -> 1024 -> full-sort growth
            for (double scale : new double[] {0.3, 2, 8}) {
                for (double p : new double[] {0.5, 0.9, 0.99}) {
                    float[] row = randomRow(r, vocab, scale);
                    assertThat(survivors(params().topP(p).build(), row))
                            .as("vocab %d, scale %s, p %s", vocab, scale, p)
                            .containsExactly(referenceTopP(row, p));
                }
            }
        }
    }

    @Test
    void topPOverTiedAndMaskedLogitsMatchesAFullSort() {
        Random r = new Random(4);
        for (int trial = 0; trial < 10; trial++) {
            float[] row = new float[1_000];
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextInt(8) == 0 ? Float.NEGATIVE_INFINITY : r.nextInt(12) * 0.5f;
            }
            double p = 0.05 + 0.9 * r.nextDouble();
            assertThat(survivors(params().topP(p).build(), row)).as("p %s", p).containsExactly(referenceTopP(row, p));
        }
        float[] peaked = new float[1000];
        peaked[321] = 50;
        assertThat(survivors(params().topP(0.99).build(), peaked)).containsExactly(321);
        assertThat(survivors(params().topP(1e-9).build(), new float[100])).containsExactly(0);
    }

    /** Sort everything, softmax, keep the shortest prefix with mass >= p; ids ascending. */
    private static int[] referenceTopP(float[] row, double p) {
        Integer[] order = new Integer[row.length];
        for (int i = 0; i < row.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> row[a] != row[b] ? Float.compare(row[b], row[a]) : Integer.compare(a, b));
        double max = row[order[0]];
        double z = 0;
        for (float v : row) {
            z += Math.exp(v - max);
        }
        double cumulative = 0;
        int keep = row.length;
        for (int i = 0; i < row.length; i++) {
            cumulative += Math.exp(row[order[i]] - max) / z;
            if (cumulative >= p) {
                keep = i + 1;
                break;
            }
        }
        return Arrays.stream(order, 0, keep).mapToInt(Integer::intValue).sorted().toArray();
    }

    @Test
    void minPKeepsTokensWithinAFactorOfTheTopProbability() {
        float[] row = logitsOf(-2, 0.15, 0.5, 0.05, 0.3);
        assertThat(survivors(params().minP(0.25).build(), row)).containsExactly(0, 1, 3); // >= 0.125
        assertThat(survivors(params().minP(0.7).build(), row)).containsExactly(1);        // >= 0.35
        assertThat(survivors(params().minP(1).build(), row)).containsExactly(1);
        // relative to the top token, not absolute: 0.6 * 0.2 = 0.12
        float[] flat = logitsOf(0, 0.2, 0.2, 0.1, 0.2, 0.2, 0.1);
        assertThat(survivors(params().minP(0.6).build(), flat)).containsExactly(0, 1, 3, 4);
    }

    @Test
    void minPAfterTopKAndCombinedWithTopPKeepsTheShorterPrefix() {
        float[] row = logitsOf(0, 0.15, 0.5, 0.05, 0.3);
        assertThat(survivors(params().topK(3).minP(0.25).build(), row)).containsExactly(0, 1, 3);
        assertThat(survivors(params().topK(2).minP(0.25).build(), row)).containsExactly(1, 3);
        // top-p 0.9 keeps {1, 3, 0}; min-p 0.5 keeps {1, 3}
        assertThat(survivors(params().topP(0.9).minP(0.5).build(), row)).containsExactly(1, 3);
        // top-p 0.45 keeps {1}; min-p 0.25 keeps {1, 3, 0}
        assertThat(survivors(params().topP(0.45).minP(0.25).build(), row)).containsExactly(1);
        Random r = new Random(5);
        float[] big = randomRow(r, 20_000, 1);
        int[] both = survivors(params().topP(0.9).minP(0.2).build(), big);
        int[] topP = survivors(params().topP(0.9).build(), big);
        int[] minP = survivors(params().minP(0.2).build(), big);
        assertThat(both).containsExactly(topP.length < minP.length ? topP : minP);
    }

    @Test
    void filtersOffKeepTheWholeVocabulary() {
        assertThat(survivors(params().build(), new float[] {1, 2, 3})).containsExactly(0, 1, 2);
    }

    // --- penalties ---

    private static final float[] PENALTY_ROW = {1.0f, 2.0f, -1.0f, 0.5f, 3.0f};
    private static final int[] PENALTY_HISTORY = {4, 3, 1, 2, 2, 2}; // last 4: 1 once, 2 three times

    private static float[] penalised(SamplingParameters p) {
        return new Sampler(p, PENALTY_ROW.length)
                .penalised(PENALTY_ROW, 0, PENALTY_HISTORY, PENALTY_HISTORY.length);
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsInTheWindow() {
        assertThat(penalised(params().repetitionPenalty(2).penaltyLastN(4).build()))
                .containsExactly(1.0f, 1.0f, -2.0f, 0.5f, 3.0f);
        assertThat(penalised(params().repetitionPenalty(0.5).penaltyLastN(4).build()))
                .containsExactly(1.0f, 4.0f, -0.5f, 0.5f, 3.0f);
    }

    @Test
    void presenceCountsARepeatOnceAndFrequencyCountsEveryOccurrence() {
        assertThat(penalised(params().presencePenalty(0.5).penaltyLastN(4).build()))
                .containsExactly(1.0f, 1.5f, -1.5f, 0.5f, 3.0f);
        assertThat(penalised(params().frequencyPenalty(0.5).penaltyLastN(4).build()))
                .containsExactly(1.0f, 1.5f, -2.5f, 0.5f, 3.0f);
        assertThat(penalised(params().frequencyPenalty(-1).penaltyLastN(4).build()))
                .containsExactly(1.0f, 3.0f, 2.0f, 0.5f, 3.0f);
    }

    @Test
    void penaltiesCombineRepetitionFirstAsInLlamaCpp() {
        // id 1: 2 / 2 - 1 * 0.25 - 0.5 = 0.25; id 2: -1 * 2 - 3 * 0.25 - 0.5 = -3.25
        assertThat(penalised(params().repetitionPenalty(2).frequencyPenalty(0.25).presencePenalty(0.5)
                .penaltyLastN(4).build()))
                .containsExactly(1.0f, 0.25f, -3.25f, 0.5f, 3.0f);
    }

    @Test
    void penaltyWindowCoversTheLastNTokensOrTheWholeHistoryOrNothing() {
        assertThat(penalised(params().presencePenalty(1).penaltyLastN(1).build()))
                .containsExactly(1.0f, 2.0f, -2.0f, 0.5f, 3.0f);
        assertThat(penalised(params().presencePenalty(1).penaltyLastN(5).build()))
                .containsExactly(1.0f, 1.0f, -2.0f, -0.5f, 3.0f);
        assertThat(penalised(params().presencePenalty(1).penaltyLastN(-1).build()))
                .containsExactly(1.0f, 1.0f, -2.0f, -0.5f, 2.0f);
        assertThat(penalised(params().presencePenalty(1).penaltyLastN(100).build()))
                .containsExactly(1.0f, 1.0f, -2.0f, -0.5f, 2.0f);
        assertThat(penalised(params().presencePenalty(1).penaltyLastN(0).build()))
                .containsExactly(PENALTY_ROW);
    }

    @Test
    void penaltiesAreRecomputedFromScratchOnEveryCall() {
        Sampler s = new Sampler(params().presencePenalty(1).frequencyPenalty(1).penaltyLastN(-1).build(), 5);
        for (int i = 0; i < 3; i++) {
            assertThat(s.penalised(PENALTY_ROW, 0, PENALTY_HISTORY, 3)).containsExactly(1.0f, 0.0f, -1.0f, -1.5f, 1.0f);
        }
    }

    @Test
    void greedyPicksTheArgmaxAfterPenalties() {
        Sampler s = new Sampler(SamplingParameters.greedy().toBuilder().repetitionPenalty(1.6).build(), 5);
        assertThat(s.sample(PENALTY_ROW, 0, NO_HISTORY, 0)).isEqualTo(4);
        assertThat(s.sample(PENALTY_ROW, 0, new int[] {4}, 1)).isEqualTo(1); // 3 / 1.6 = 1.875 < 2
    }

    // --- logit bias ---

    @Test
    void aBiasOfPlus100ForcesATokenUnderGreedyDecoding() {
        float[] row = randomRow(new Random(7), 1000, 3);
        Sampler plain = new Sampler(SamplingParameters.greedy(), row.length);
        int best = plain.sample(row, 0);
        int forced = best == 17 ? 18 : 17;
        Sampler biased = new Sampler(SamplingParameters.greedy().toBuilder().logitBias(java.util.Map.of(forced, 100f))
                .build(), row.length);
        assertThat(biased.sample(row, 0)).isEqualTo(forced);
    }

    @Test
    void aBiasOfMinus100BansTheGreedyToken() {
        float[] row = randomRow(new Random(8), 1000, 3);
        int best = new Sampler(SamplingParameters.greedy(), row.length).sample(row, 0);
        float[] without = row.clone();
        without[best] = Float.NEGATIVE_INFINITY;
        int second = new Sampler(SamplingParameters.greedy(), row.length).sample(without, 0);
        Sampler banned = new Sampler(SamplingParameters.greedy().toBuilder().logitBias(java.util.Map.of(best, -100f))
                .build(), row.length);
        assertThat(banned.sample(row, 0)).isEqualTo(second).isNotEqualTo(best);
    }

    @Test
    void theBiasIsAddedAfterThePenaltiesAndLogprobsIncludeIt() {
        // id 1: 2 / 2 = 1, then + 0.5; id 4 is outside the window: 3 - 1
        SamplingParameters p = params().repetitionPenalty(2).penaltyLastN(4)
                .logitBias(java.util.Map.of(1, 0.5f, 4, -1f)).build();
        assertThat(penalised(p)).containsExactly(1.0f, 1.5f, -2.0f, 0.5f, 2.0f);

        Sampler s = new Sampler(SamplingParameters.greedy().toBuilder().logprobs(0)
                .logitBias(java.util.Map.of(3, 10f)).build(), PENALTY_ROW.length);
        assertThat(s.sample(PENALTY_ROW, 0)).isEqualTo(3);
        float[] biased = PENALTY_ROW.clone();
        biased[3] += 10;
        assertThat(s.lastLogprobs().logprob()).isCloseTo(TokenLogprobs.of(biased, 0, biased.length, 3, 0).logprob(),
                within(1e-9));
    }

    @Test
    void aBiasedIdOutsideTheVocabularyIsRefusedNamingIt() {
        SamplingParameters p = SamplingParameters.greedy().toBuilder().logitBias(java.util.Map.of(2, 1f, 5, 1f)).build();
        assertThatThrownBy(() -> new Sampler(p, 5))
                .isInstanceOf(InvalidSamplingParametersException.class)
                .hasMessage("logit_bias[5]: token id 5 is outside the vocabulary [0, 5)");
    }

    // --- the draw ---

    @Test
    void sameSeedGivesTheSameSequenceAndDifferentSeedsDiffer() {
        float[] flat = new float[1000];
        int[][] sequences = new int[8][];
        for (int seed = 0; seed < sequences.length; seed++) {
            sequences[seed] = draws(SamplingParameters.builder().seed(seed).build(), flat, 100);
            assertThat(draws(SamplingParameters.builder().seed(seed).build(), flat, 100)).containsExactly(sequences[seed]);
        }
        Set<String> distinct = new HashSet<>();
        for (int[] sequence : sequences) {
            distinct.add(Arrays.toString(sequence));
            assertThat(Arrays.stream(sequence).distinct().count()).isGreaterThan(80); // ~95 expected
        }
        assertThat(distinct).hasSize(sequences.length);
    }

    @Test
    void withoutASeedEachSamplerDrawsItsOwn() {
        Sampler a = new Sampler(SamplingParameters.defaults(), 1000);
        Sampler b = new Sampler(SamplingParameters.defaults(), 1000);
        assertThat(a.seed()).isNotEqualTo(b.seed());
        Sampler replay = new Sampler(SamplingParameters.builder().seed(a.seed()).build(), 1000);
        float[] flat = new float[1000];
        for (int i = 0; i < 50; i++) {
            assertThat(replay.sample(flat, 0)).isEqualTo(a.sample(flat, 0));
        }
    }

    private static int[] draws(SamplingParameters p, float[] row, int n) {
        Sampler s = new Sampler(p, row.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.sample(row, 0);
        }
        return out;
    }

    @Test
    void drawFrequenciesMatchTheSoftmaxAtTemperatureOne() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        assertFrequencies(params().build(), logitsOf(7, p), p);
    }

    @Test
    void temperatureSharpensOrFlattensTheDistribution() {
        // p^(1/T), renormalised
        assertFrequencies(params().temperature(2).build(), logitsOf(-3, 0.1, 0.2, 0.3, 0.4),
                normalise(Math.sqrt(0.1), Math.sqrt(0.2), Math.sqrt(0.3), Math.sqrt(0.4)));
        assertFrequencies(params().temperature(0.5).build(), logitsOf(0, 0.1, 0.2, 0.3, 0.4),
                normalise(0.01, 0.04, 0.09, 0.16));
    }

    @Test
    void filtersThenTemperatureThenDraw() {
        // top-k 3 drops 0; temperature 100 makes the three survivors near-uniform
        assertFrequencies(params().topK(3).temperature(100).build(), logitsOf(0, 0.1, 0.2, 0.3, 0.4),
                normalise(0, Math.pow(0.2, 0.01), Math.pow(0.3, 0.01), Math.pow(0.4, 0.01)));
    }

    private static double[] normalise(double... w) {
        double sum = Arrays.stream(w).sum();
        return Arrays.stream(w).map(x -> x / sum).toArray();
    }

    /** 20k draws; tolerance 0.015 is over 4 standard errors for any p. */
    private static void assertFrequencies(SamplingParameters params, float[] row, double[] expected) {
        int n = 20_000;
        int[] counts = new int[row.length];
        Sampler s = new Sampler(params, row.length);
        for (int i = 0; i < n; i++) {
            counts[s.sample(row, 0)]++;
        }
        for (int id = 0; id < row.length; id++) {
            assertThat(counts[id] / (double) n).as("frequency of token %d", id).isCloseTo(expected[id], within(0.015));
        }
    }

    @Test
    void everyPathRunsAtAQwenSizedVocabulary() {
        int vocab = 152_064;
        float[] row = randomRow(new Random(9), vocab, 2);
        SamplingParameters[] configs = {
            params().build(),
            params().topK(40).build(),
            params().topP(0.95).build(),
            params().minP(0.05).build(),
            params().topK(50).topP(0.9).minP(0.02).temperature(0.7).repetitionPenalty(1.1).logprobs(5).build(),
        };
        int[] history = {5, 17, 152_063, 5};
        for (SamplingParameters p : configs) {
            Sampler s = new Sampler(p, vocab);
            assertThat(s.sample(row, 0, history, history.length)).isBetween(0, vocab - 1);
        }
    }

    // --- logprobs ---

    @Test
    void logprobsAreTheFullSoftmaxOfThePenalisedTemperatureFreeRow() {
        float[] row = logitsOf(2, 0.1, 0.4, 0.2, 0.3);
        for (double temperature : new double[] {0, 0.3, 1, 3}) {
            Sampler s = new Sampler(params().temperature(temperature).topK(2).logprobs(4).build(), 4);
            int token = s.sample(row, 0);
            TokenLogprobs lp = s.lastLogprobs();
            assertThat(lp.tokenId()).isEqualTo(token);
            double expected = Math.log(new double[] {0.1, 0.4, 0.2, 0.3}[token]);
            assertThat(lp.logprob()).isCloseTo(expected, within(1e-6));
            assertThat(lp.top()).extracting(TokenLogprobs.Alternative::tokenId).containsExactly(1, 3, 2, 0);
            assertThat(lp.top().get(0).logprob()).isCloseTo(Math.log(0.4), within(1e-6));
            assertThat(lp.rank()).isEqualTo(token == 1 ? 1 : 2);
        }
        Sampler penalised = new Sampler(SamplingParameters.greedy().toBuilder().presencePenalty(2).logprobs(0).build(), 3);
        penalised.sample(new float[] {1, 2, 0}, 0, new int[] {1}, 1);
        double logZ = Math.log(Math.exp(1) + Math.exp(0) + Math.exp(0));
        assertThat(penalised.lastLogprobs().tokenId()).isZero();
        assertThat(penalised.lastLogprobs().logprob()).isCloseTo(1 - logZ, within(1e-6));
        assertThat(penalised.lastLogprobs().top()).isEmpty();
    }

    @Test
    void logprobsExponentiateToOneOverTheVocabularyEvenForHugeLogits() {
        Random r = new Random(13);
        float[] row = new float[20];
        for (int i = 0; i < row.length; i++) {
            row[i] = 1000 + (float) r.nextGaussian() * 5;
        }
        Sampler s = new Sampler(params().logprobs(20).build(), row.length);
        s.sample(row, 0);
        TokenLogprobs lp = s.lastLogprobs();
        assertThat(lp.top()).hasSize(20);
        assertThat(lp.top().stream().mapToDouble(a -> Math.exp(a.logprob())).sum()).isCloseTo(1, within(1e-9));
        assertThat(lp.top()).allSatisfy(a -> assertThat(a.logprob()).isFinite().isLessThanOrEqualTo(0));
        assertThat(lp.top()).extracting(TokenLogprobs.Alternative::logprob).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(lp.top().get(lp.rank() - 1).tokenId()).isEqualTo(lp.tokenId());
        assertThat(lp.top().get(lp.rank() - 1).logprob()).isEqualTo(lp.logprob());
    }

    @Test
    void lastLogprobsNeedsLogprobsRequestedAndASample() {
        assertThatThrownBy(() -> new Sampler(SamplingParameters.defaults(), 3).lastLogprobs())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("logprobs were not requested in the sampling parameters");
        assertThatThrownBy(() -> new Sampler(params().logprobs(1).build(), 3).lastLogprobs())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no token has been sampled yet");
    }
}
