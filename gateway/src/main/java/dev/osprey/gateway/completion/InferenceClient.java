package dev.osprey.gateway.completion;

import dev.osprey.api.v1.FinalEvent;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.Priority;
import dev.osprey.api.v1.TokenEvent;
import dev.osprey.api.v1.TokenIds;
import dev.osprey.gateway.openai.Sampling;
import dev.osprey.gateway.upstream.ReactiveCalls;
import dev.osprey.gateway.upstream.UpstreamErrors;
import dev.osprey.gateway.upstream.UpstreamService;
import io.grpc.CallOptions;
import io.grpc.Channel;
import java.util.List;
import reactor.core.publisher.Flux;

/** One choice's generation on the inference service, as {@link ChoiceEvent}s. */
public final class InferenceClient {
    private final Channel inference;

    public InferenceClient(Channel inference) {
        this.inference = inference;
    }

    /**
     * Streams choice {@code index} for {@code prompt}. {@code seedOffset} is added to a given seed so
     * that the n choices of one request differ and stay reproducible. {@code namespace} scopes the
     * prefix cache (one tenant's prompts never share blocks with another's).
     */
    public Flux<ChoiceEvent> generate(String model, PreparedPrompt prompt, Sampling sampling, int index,
                                      int seedOffset, String namespace, String requestId) {
        GenerateRequest request = request(model, prompt, sampling, seedOffset, namespace, requestId);
        return ReactiveCalls.serverStreaming(inference, InferenceGrpc.getGenerateMethod(), request, CallOptions.DEFAULT)
                .map(event -> toChoice(event, index))
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.INFERENCE));
    }

    /** The inference request for one choice of {@code prompt} (interactive priority). */
    public static GenerateRequest request(String model, PreparedPrompt prompt, Sampling s, int seedOffset, String namespace,
                                   String requestId) {
        GenerateRequest.Builder b = GenerateRequest.newBuilder()
                .setRequestId(requestId)
                .setModel(model)
                .setTokenIds(TokenIds.newBuilder().addAllIds(prompt.ids()))
                .setMaxTokens(prompt.maxTokens())
                .setTopK(s.topK())
                .setMinP(s.minP())
                .setPresencePenalty(s.presencePenalty())
                .setFrequencyPenalty(s.frequencyPenalty())
                .addAllStop(s.stop())
                .addAllStopTokenIds(prompt.stopIds())
                .setPriority(Priority.INTERACTIVE)
                .setCacheNamespace(namespace)
                .setIgnoreEos(s.ignoreEos())
                .putAllLogitBias(s.logitBias());
        if (s.temperature() != null) {
            b.setTemperature(s.temperature());
        }
        if (s.topP() != null) {
            b.setTopP(s.topP());
        }
        if (s.repetitionPenalty() != null) {
            b.setRepetitionPenalty(s.repetitionPenalty());
        }
        if (s.seed() != null) {
            b.setSeed(s.seed() + seedOffset);
        }
        if (s.logprobs() != null) {
            b.setLogprobs(s.logprobs());
        }
        return b.build();
    }

    static ChoiceEvent toChoice(GenerateEvent event, int index) {
        if (event.hasToken()) {
            TokenEvent t = event.getToken();
            List<ChoiceEvent.Alternative> alternatives = t.getTopLogprobsList().stream()
                    .map(a -> new ChoiceEvent.Alternative(a.getId(), a.getLogprob()))
                    .toList();
            return new ChoiceEvent.Token(index, t.getId(), t.getText(), t.hasLogprob() ? t.getLogprob() : null,
                    alternatives);
        }
        FinalEvent f = event.getFinal();
        String reason = switch (f.getFinishReason()) {
            case LENGTH -> "length";
            case CANCELLED -> "abort";
            default -> "stop";
        };
        return new ChoiceEvent.End(index, reason, f.getTrailingText(), new ChoiceEvent.Usage(
                f.getUsage().getPromptTokens(), f.getUsage().getCompletionTokens(),
                f.getUsage().getCachedPromptTokens()));
    }
}
