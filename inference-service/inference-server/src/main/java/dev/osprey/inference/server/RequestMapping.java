package dev.osprey.inference.server;

import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.engine.sampling.InvalidSamplingParametersException;
import dev.osprey.engine.model.ModelConfig;
import dev.osprey.engine.sampling.SamplingParameters;
import dev.osprey.engine.serve.GenerationRequest;
import dev.osprey.engine.serve.Priority;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Proto {@link GenerateRequest} fields to engine types, shared by the gRPC service and the batch worker;
 * every method throws {@link InvalidArgumentException} or {@link InvalidSamplingParametersException} naming
 * the field.
 */
public final class RequestMapping {
    private RequestMapping() {
    }

    /** A request field the client got wrong; becomes INVALID_ARGUMENT (gRPC) or {@code invalid_request} (batch). */
    public static final class InvalidArgumentException extends RuntimeException {
        InvalidArgumentException(String message) {
            super(message);
        }
    }

    /**
     * The whole engine request for {@code request} on {@code served}'s model, with the id, priority and
     * deadline the caller decided (the wire's own request id and priority are ignored here).
     *
     * @throws InvalidArgumentException           if the prompt is missing, empty or outside the vocabulary
     * @throws InvalidSamplingParametersException if a sampling value is out of range, or a {@code logit_bias}
     *                                            id is outside the vocabulary
     */
    public static GenerationRequest generation(GenerateRequest request, ServedModel served, String id, Priority priority,
                                               @Nullable Instant deadline) {
        ModelConfig config = served.model().config();
        SamplingParameters sampling = sampling(request, config.vocabSize());
        int[] prompt = prompt(request, served.model().tokenizer(), config.vocabSize());
        return new GenerationRequest(id, prompt, sampling, priority, deadline, request.getCacheNamespace(),
                request.getIgnoreEos());
    }

    /**
     * @throws InvalidSamplingParametersException if a value is out of range (message names the wire field)
     */
    static SamplingParameters sampling(GenerateRequest r, int vocabSize) {
        SamplingParameters.Builder b = SamplingParameters.builder()
                .topK(unsigned("top_k", r.getTopK()))
                .minP(r.getMinP())
                .presencePenalty(r.getPresencePenalty())
                .frequencyPenalty(r.getFrequencyPenalty())
                .stopStrings(r.getStopList());
        if (r.hasMaxTokens()) {
            b.maxTokens(unsigned("max_tokens", r.getMaxTokens()));
        }
        if (r.hasTemperature()) {
            b.temperature(r.getTemperature());
        }
        if (r.hasTopP()) {
            b.topP(r.getTopP());
        }
        if (r.hasRepetitionPenalty()) {
            b.repetitionPenalty(r.getRepetitionPenalty());
        }
        if (r.hasSeed()) {
            b.seed(r.getSeed());
        }
        if (r.hasLogprobs()) {
            b.logprobs(unsigned("logprobs", r.getLogprobs()));
        }
        List<Integer> stopIds = new ArrayList<>(r.getStopTokenIdsCount());
        for (int i = 0; i < r.getStopTokenIdsCount(); i++) {
            stopIds.add(unsigned("stop_token_ids", r.getStopTokenIds(i)));
        }
        return b.stopTokenIds(stopIds).logitBias(logitBias(r, vocabSize)).build();
    }

    /**
     * {@code logit_bias} with every id inside the vocabulary; the values' range is checked by
     * {@link SamplingParameters}. The number of entries is checked here too, before a huge map is sorted.
     */
    private static Map<Integer, Float> logitBias(GenerateRequest r, int vocabSize) {
        if (r.getLogitBiasCount() > SamplingParameters.MAX_LOGIT_BIAS) {
            throw new InvalidSamplingParametersException("logit_bias", "logit_bias may hold at most "
                    + SamplingParameters.MAX_LOGIT_BIAS + " entries, got " + r.getLogitBiasCount());
        }
        Map<Integer, Float> bias = new TreeMap<>(Integer::compareUnsigned);
        bias.putAll(r.getLogitBiasMap());
        for (Map.Entry<Integer, Float> e : bias.entrySet()) {
            long id = Integer.toUnsignedLong(e.getKey());
            if (id >= vocabSize) {
                throw new InvalidSamplingParametersException("logit_bias", "logit_bias[" + id + "] = " + e.getValue()
                        + ": token id " + id + " is outside the model's vocabulary [0, " + vocabSize + ")");
            }
        }
        return bias;
    }

    /**
     * The prompt's token ids: {@code token_ids} as given (each checked against the vocabulary), or
     * {@code text} encoded with BOS/EOS as the vocabulary declares.
     */
    static int[] prompt(GenerateRequest r, Tokenizer tokenizer, int vocabSize) {
        return switch (r.getPromptCase()) {
            case TOKEN_IDS -> {
                int n = r.getTokenIds().getIdsCount();
                if (n == 0) {
                    throw new InvalidArgumentException("token_ids is empty: the prompt needs at least one token");
                }
                int[] ids = new int[n];
                for (int i = 0; i < n; i++) {
                    long id = Integer.toUnsignedLong(r.getTokenIds().getIds(i));
                    if (id >= vocabSize) {
                        throw new InvalidArgumentException("token_ids[" + i + "] = " + id
                                + " is outside the model's vocabulary [0, " + vocabSize + ")");
                    }
                    ids[i] = (int) id;
                }
                yield ids;
            }
            case TEXT -> {
                int[] ids = tokenizer.encode(r.getText(), EncodeOptions.PROMPT);
                if (ids.length == 0) {
                    throw new InvalidArgumentException("text encodes to no tokens: the prompt needs at least one token");
                }
                yield ids;
            }
            case PROMPT_NOT_SET -> throw new InvalidArgumentException("prompt is required: set token_ids or text");
        };
    }

    static Priority priority(GenerateRequest r) {
        return switch (r.getPriority()) {
            case BATCH -> Priority.BATCH;
            case PRIORITY_UNSPECIFIED, INTERACTIVE -> Priority.INTERACTIVE;
            case UNRECOGNIZED -> throw new InvalidArgumentException("priority " + r.getPriorityValue() + " is not a known value");
        };
    }

    /** A uint32 field as an int; values above {@code Integer.MAX_VALUE} are refused rather than wrapped. */
    private static int unsigned(String field, int value) {
        if (value < 0) {
            throw new InvalidSamplingParametersException(field, field + " is too large, got " + Integer.toUnsignedString(value));
        }
        return value;
    }
}
