package dev.osprey.engine.generate;

import dev.osprey.engine.EngineException;
import dev.osprey.engine.Model;
import dev.osprey.engine.forward.KvCache;
import dev.osprey.engine.sampling.FinishReason;
import dev.osprey.engine.sampling.Sampler;
import dev.osprey.engine.sampling.SamplingParameters;
import dev.osprey.engine.sampling.TopSelection;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Single-sequence generation: the prompt in one batched pass, then one token per step with the
 * KV cache, sampling each token, streaming its text, stopping at an end-of-generation token, a stop
 * token id, a stop string, {@code maxTokens} or the end of the context.
 */
public final class Generator {
    private final Model model;
    private final boolean ignoreEndOfGeneration;

    public Generator(Model model) {
        this(model, false);
    }

    private Generator(Model model, boolean ignoreEndOfGeneration) {
        this.model = model;
        this.ignoreEndOfGeneration = ignoreEndOfGeneration;
    }

    /** A generator that keeps going past the vocabulary's end-of-generation tokens (stop ids still stop). */
    public Generator ignoringEndOfGeneration(boolean ignore) {
        return new Generator(model, ignore);
    }

    /**
     * @param prompt    token ids, at least one, shorter than the model's context
     * @param topLogits how many raw top logits to report per token (0 for none)
     * @param listener  receives every token as it is sampled
     * @throws EngineException if the prompt is empty, too long, or holds ids outside the vocabulary
     */
    public GenerationResult generate(int[] prompt, SamplingParameters params, int topLogits,
                                     GenerationListener listener) {
        int context = model.config().contextLength();
        if (prompt.length == 0) {
            throw new EngineException("the prompt is empty");
        }
        if (prompt.length >= context) {
            throw new EngineException("prompt of " + prompt.length + " tokens leaves no room in the model's context of "
                    + context + " tokens");
        }
        Tokenizer tokenizer = model.tokenizer();
        Vocabulary vocabulary = tokenizer.vocabulary();
        int vocab = model.config().vocabSize();
        Sampler sampler = new Sampler(params, vocab);
        TokenTextStream stream = new TokenTextStream(tokenizer, params.stopStrings(), prompt);

        int capacity = Math.min(context, prompt.length + params.maxTokens());
        KvCache cache = model.newKvCache(capacity);
        int[] history = Arrays.copyOf(prompt, capacity + 1);
        int length = prompt.length;

        List<GeneratedToken> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        long start = System.nanoTime();
        long firstTokenAt = 0;
        float[] logits = model.forward(prompt, 0, cache, false);
        FinishReason reason = FinishReason.LENGTH;
        while (true) {
            int token = sampler.sample(logits, 0, history, length);
            if (out.isEmpty()) {
                firstTokenAt = System.nanoTime();
            }
            if ((!ignoreEndOfGeneration && vocabulary.isEndOfGeneration(token)) || params.isStopToken(token)) {
                reason = FinishReason.STOP;
                break;
            }
            history[length++] = token;
            String released = stream.accept(token);
            text.append(released);
            GeneratedToken generated = new GeneratedToken(token, released,
                    params.logprobs().isPresent() ? sampler.lastLogprobs() : null,
                    top(logits, vocab, topLogits));
            out.add(generated);
            listener.token(generated);
            if (stream.stopped()) {
                reason = FinishReason.STOP;
                break;
            }
            if (out.size() >= params.maxTokens() || length >= capacity) {
                break;
            }
            logits = model.forward(new int[] {token}, length - 1, cache, false);
        }
        String tail = stream.finish();
        if (!tail.isEmpty()) {
            text.append(tail);
            listener.trailingText(tail);
        }
        if (stream.stopped()) {
            reason = FinishReason.STOP;
        }
        long end = System.nanoTime();
        if (out.isEmpty()) {
            firstTokenAt = end;
        }
        return new GenerationResult(out, text.toString(), reason, prompt.length, firstTokenAt - start, end - firstTokenAt);
    }

    /** The n highest logits, descending, ties to the lower id. */
    static List<GeneratedToken.ScoredToken> top(float[] logits, int vocab, int n) {
        if (n <= 0) {
            return List.of();
        }
        int[] ids = new int[Math.min(n, vocab)];
        int k = new TopSelection().select(logits, 0, null, vocab, n, ids);
        List<GeneratedToken.ScoredToken> top = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            top.add(new GeneratedToken.ScoredToken(ids[i], logits[ids[i]]));
        }
        return top;
    }
}
