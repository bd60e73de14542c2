package dev.osprey.gateway.completion;

import dev.osprey.api.v1.DescribeRequest;
import dev.osprey.api.v1.DescribeResponse;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.ListModelsRequest;
import dev.osprey.api.v1.ListModelsResponse;
import dev.osprey.api.v1.ModelInfo;
import dev.osprey.api.v1.TokenizerGrpc;
import dev.osprey.gateway.openai.ApiException;
import dev.osprey.gateway.upstream.ReactiveCalls;
import dev.osprey.gateway.upstream.UpstreamErrors;
import dev.osprey.gateway.upstream.UpstreamService;
import io.grpc.Channel;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The served model, asked of the inference and tokenizer services and remembered for {@code ttl}
 * (failures are not remembered, so a service that comes up is seen on the next request).
 */
public final class ModelCatalog {
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);

    private final Mono<ModelProfile> served;

    public ModelCatalog(Channel inference, Channel tokenizer, Optional<String> notice, Duration ttl) {
        Mono<ModelProfile> fetch = Mono.defer(() -> listModels(inference)
                .flatMap(info -> describe(tokenizer, info.getName()).map(d -> profile(info, d, notice))));
        this.served = fetch.cache(v -> ttl, e -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** The served model's profile. */
    public Mono<ModelProfile> served() {
        return served;
    }

    /** The served model when {@code requested} is empty or names it; 404 {@code model_not_found} otherwise. */
    public Mono<ModelProfile> resolve(String requested) {
        return served.flatMap(model -> requested == null || requested.isEmpty() || requested.equals(model.name())
                ? Mono.just(model)
                : Mono.error(ApiException.modelNotFound(requested)));
    }

    private static Mono<ModelInfo> listModels(Channel inference) {
        return ReactiveCalls.unary(inference, InferenceGrpc.getListModelsMethod(),
                        ListModelsRequest.getDefaultInstance(), ReactiveCalls.deadline(CALL_DEADLINE))
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.INFERENCE))
                .flatMap(ModelCatalog::first);
    }

    private static Mono<ModelInfo> first(ListModelsResponse response) {
        return response.getModelsCount() == 0
                ? Mono.error(ApiException.upstreamUnavailable("inference", "no model loaded", UpstreamErrors.UNAVAILABLE_RETRY))
                : Mono.just(response.getModels(0));
    }

    private static Mono<DescribeResponse> describe(Channel tokenizer, String model) {
        return ReactiveCalls.unary(tokenizer, TokenizerGrpc.getDescribeMethod(),
                        DescribeRequest.newBuilder().setModel(model).build(), ReactiveCalls.deadline(CALL_DEADLINE))
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.TOKENIZER));
    }

    private static ModelProfile profile(ModelInfo info, DescribeResponse d, Optional<String> notice) {
        return new ModelProfile(info.getName(), info.getContextLength(), info.getVocabSize(), info.getArchitecture(),
                d.getFim().getSupported(), d.getFim().getFormat(),
                d.getHasChatTemplate() ? "model" : ModelProfile.DEFAULT_TEMPLATE, notice);
    }

}
