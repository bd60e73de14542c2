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
 * int token = sampler.sample(logits, row * vocabSize, history, historyLength);
 * TokenLogprobs lp = p.logprobs().isPresent() ? sampler.lastLogprobs() : null;
 * if (token == eos || p.isStopToken(token))  -> emit(stops.flush() + text.flush()), STOP
 * emit(stops.accept(text.accept(token)));
 * if (stops.stopped())                      -> STOP (the stop string is not emitted)
 * else if (generated == p.maxTokens())      -> emit(stops.flush() + text.flush()), LENGTH
 * }</pre>
 *
 * See {@link dev.osprey.engine.sampling.Sampler} for the order of the steps and
 * {@link dev.osprey.engine.sampling.TokenLogprobs} for which distribution log-probabilities describe.
 */
package dev.osprey.engine.sampling;
