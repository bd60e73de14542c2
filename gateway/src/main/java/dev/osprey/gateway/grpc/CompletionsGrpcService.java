package dev.osprey.gateway.grpc;

import dev.osprey.api.v1.ChatRequest;
import dev.osprey.api.v1.CompleteRequest;
import dev.osprey.api.v1.CompletionChunk;
import dev.osprey.api.v1.CompletionModel;
import dev.osprey.api.v1.CompletionResponse;
import dev.osprey.api.v1.CompletionsGrpc;
import dev.osprey.api.v1.InfillRequest;
import dev.osprey.api.v1.ListCompletionModelsRequest;
import dev.osprey.api.v1.ListCompletionModelsResponse;
import dev.osprey.gateway.access.ApiKey;
import dev.osprey.gateway.access.Tenant;
import dev.osprey.gateway.access.RateLimiter;
import dev.osprey.gateway.completion.ChoiceEvent;
import dev.osprey.gateway.completion.CompletionPipeline;
import dev.osprey.gateway.completion.ModelProfile;
import dev.osprey.gateway.completion.Prepared;
import dev.osprey.gateway.completion.TokenEstimates;
import dev.osprey.gateway.completion.TokenPieces;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code osprey.v1.Completions}: the REST generation endpoints over gRPC, as a thin adapter. Each rpc
 * turns its message into the REST request record ({@link ProtoRequests}, same validation), admits it
 * against the caller's limits with the REST estimate, runs the {@link CompletionPipeline} and renders
 * the events ({@link ProtoResponses}). The rate limit is settled with the prompt and completion tokens
 * when the call ends, however it ends. Callers come from {@link AccessInterceptor}.
 */
public final class CompletionsGrpcService extends CompletionsGrpc.CompletionsImplBase {
    private final CompletionPipeline pipeline;
    private final TokenPieces pieces;
    private final GrpcRateGate gate;

    /** {@code limiter}: the per-key limits shared with the REST adapter. */
    public CompletionsGrpcService(CompletionPipeline pipeline, TokenPieces pieces, RateLimiter limiter) {
        this.pipeline = pipeline;
        this.pieces = pieces;
        this.gate = new GrpcRateGate(limiter);
    }

    @Override
    public void complete(CompleteRequest request, StreamObserver<CompletionResponse> observer) {
        StreamRelay.relay(completion(request, false).flatMap(Generation::whole).flux(), observer);
    }

    @Override
    public void streamComplete(CompleteRequest request, StreamObserver<CompletionChunk> observer) {
        StreamRelay.relay(completion(request, true).flatMapMany(Generation::chunks), observer);
    }

    @Override
    public void chat(ChatRequest request, StreamObserver<CompletionResponse> observer) {
        StreamRelay.relay(chat(request, false).flatMap(Generation::whole).flux(), observer);
    }

    @Override
    public void streamChat(ChatRequest request, StreamObserver<CompletionChunk> observer) {
        StreamRelay.relay(chat(request, true).flatMapMany(Generation::chunks), observer);
    }

    @Override
    public void infill(InfillRequest request, StreamObserver<CompletionResponse> observer) {
        StreamRelay.relay(infill(request, false).flatMap(Generation::whole).flux(), observer);
    }

    @Override
    public void streamInfill(InfillRequest request, StreamObserver<CompletionChunk> observer) {
        StreamRelay.relay(infill(request, true).flatMapMany(Generation::chunks), observer);
    }

    @Override
    public void listModels(ListCompletionModelsRequest request, StreamObserver<ListCompletionModelsResponse> observer) {
        Optional<ApiKey> caller = AccessInterceptor.caller();
        Mono<ListCompletionModelsResponse> models = Mono.fromSupplier(() -> gate.admit(caller, 0))
                .then(pipeline.catalog().served())
                .map(m -> ListCompletionModelsResponse.newBuilder().addModels(model(m)).build());
        StreamRelay.relay(models.flux(), observer);
    }

    // ---- the three kinds of generation ----

    private Mono<Generation> completion(CompleteRequest message, boolean stream) {
        Optional<ApiKey> caller = AccessInterceptor.caller();
        return generation(caller, () -> {
            var r = ProtoRequests.completion(message, stream);
            return new Admitted(TokenEstimates.of(r), tenant -> pipeline.completions(r, tenant), "cmpl-", r.echo(),
                    r.sampling().logprobs() != null);
        });
    }

    private Mono<Generation> chat(ChatRequest message, boolean stream) {
        Optional<ApiKey> caller = AccessInterceptor.caller();
        return generation(caller, () -> {
            var r = ProtoRequests.chat(message, stream);
            return new Admitted(TokenEstimates.of(r), tenant -> pipeline.chat(r, tenant), "chatcmpl-", false,
                    r.sampling().logprobs() != null);
        });
    }

    private Mono<Generation> infill(InfillRequest message, boolean stream) {
        Optional<ApiKey> caller = AccessInterceptor.caller();
        return generation(caller, () -> {
            var r = ProtoRequests.infill(message, stream);
            return new Admitted(TokenEstimates.of(r), tenant -> pipeline.infill(r, tenant), "infill-", false, false);
        });
    }

    /** A validated request: its token estimate, how to prepare it for a tenant, and how to render it. */
    private record Admitted(long estimate, Function<Tenant, Mono<Prepared>> prepare, String idPrefix, boolean echo,
                            boolean logprobs) {}

    /**
     * Validates (on subscription, so errors reach the client as statuses), admits against the limits and
     * prepares the generation; a failure before the generation exists settles the limit at zero tokens.
     */
    private Mono<Generation> generation(Optional<ApiKey> caller, Supplier<Admitted> validate) {
        return Mono.fromSupplier(validate).flatMap(request -> {
            GrpcRateGate.Admission admission = gate.admit(caller, request.estimate());
            return request.prepare().apply(Tenant.of(caller))
                    .doOnError(e -> gate.settle(admission, 0))
                    .doOnCancel(() -> gate.settle(admission, 0))
                    .map(prepared -> new Generation(prepared, admission, new ProtoResponses(request.idPrefix(),
                            prepared, request.echo(), request.logprobs(), pieces), request.logprobs()));
        });
    }

    /** A prepared generation, rendered whole or as chunks; either settles the limit when it ends. */
    private final class Generation {
        private final Prepared prepared;
        private final GrpcRateGate.Admission admission;
        private final ProtoResponses render;
        private final boolean logprobs;
        private final AtomicLong completionTokens = new AtomicLong();

        Generation(Prepared prepared, GrpcRateGate.Admission admission, ProtoResponses render, boolean logprobs) {
            this.prepared = prepared;
            this.admission = admission;
            this.render = render;
            this.logprobs = logprobs;
        }

        Mono<CompletionResponse> whole() {
            return events().collectList().map(render::response).doFinally(s -> settle());
        }

        Flux<CompletionChunk> chunks() {
            return render.chunks(events()).doFinally(s -> settle());
        }

        private Flux<ChoiceEvent> events() {
            Flux<ChoiceEvent> events = logprobs ? pieces.resolved(prepared.model().name(), prepared.events())
                    : prepared.events();
            return events.doOnNext(e -> {
                if (e instanceof ChoiceEvent.End end) {
                    completionTokens.addAndGet(end.usage().completionTokens());
                }
            });
        }

        private void settle() {
            gate.settle(admission, prepared.promptTokens() + completionTokens.get());
        }
    }

    private static CompletionModel model(ModelProfile m) {
        CompletionModel.Builder model = CompletionModel.newBuilder()
                .setId(m.name())
                .setContextLength(m.contextLength())
                .setVocabSize(m.vocabSize())
                .setArchitecture(m.architecture())
                .setFimSupported(m.fimSupported())
                .setChatTemplate(m.chatTemplate());
        if (m.fimSupported()) {
            model.setFimFormat(m.fimFormat());
        }
        m.notice().ifPresent(model::setWarning);
        return model.build();
    }
}
