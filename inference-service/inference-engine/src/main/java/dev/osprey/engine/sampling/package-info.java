/**
 * Choosing tokens and deciding when a sequence stops, per sequence, with the parameters of vLLM and
 * llama.cpp's server. Plain JDK; no tokenizer: stop strings work on text the caller decodes.
 *
 * <p>Per step of a sequence, the generation loop does, in this order:
 *
 * <pre>{@code
 * SamplingParameters p = ...;                         // validated when built
 * Sampler sampler = new Sampler(p, vocabSize);        // one per sequence: holds the seeded RNG
 * StopStringMatcher stops = new StopStringMatcher(p.stopStrings());
 * StreamingDecoder text = tokenizer.streamingDecoder(false);
 *
 * // each step
 * int token = sampler.sample(logits, row * vocabSize, history, historyLength);
 * TokenLogprobs lp = p.logprobs().isPresent() ? sampler.lastLogprobs() : null;
 * if (token == eos || p.isStopToken(token)) {
 *     finish(FinishReason.STOP);                      // the stop token's text is not emitted
 * } else {
 *     emit(stops.accept(text.accept(token)));
 *     if (stops.stopped()) finish(FinishReason.STOP); // nor is the stop string
 *     else if (++generated == p.maxTokens()) finish(FinishReason.LENGTH);
 * }
 *
 * // finish(reason), unless a stop string matched: release what is still held back
 * String tail = stops.accept(text.flush());
 * emit(stops.stopped() ? tail : tail + stops.flush());
 * }</pre>
 *
 * See {@link dev.osprey.engine.sampling.Sampler} for the order of the steps and
 * {@link dev.osprey.engine.sampling.TokenLogprobs} for which distribution log-probabilities describe.
 */
package dev.osprey.engine.sampling;
