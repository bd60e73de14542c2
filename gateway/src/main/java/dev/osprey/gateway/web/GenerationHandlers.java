package dev.osprey.gateway.web;

import dev.osprey.gateway.completion.CompletionPipeline;
import dev.osprey.gateway.completion.Prepared;
import dev.osprey.gateway.completion.TokenEstimates;
import dev.osprey.gateway.openai.ChatRequest;
import dev.osprey.gateway.openai.CompletionRequest;
import dev.osprey.gateway.openai.InfillRequest;
import dev.osprey.gateway.render.ChatRenderer;
import dev.osprey.gateway.render.CompletionRenderer;
import dev.osprey.gateway.render.InfillRenderer;
import dev.osprey.gateway.render.ResponseIdentity;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code /v1/completions}, {@code /v1/chat/completions} and {@code /v1/infill}. */
@Component
public class GenerationHandlers {
    private final JsonBodies bodies;
    private final CompletionPipeline pipeline;
    private final RateGate gate;
    private final Responder responder;
    private final GatewayMetrics metrics;

    public GenerationHandlers(JsonBodies bodies, CompletionPipeline pipeline, RateGate gate, Responder responder,
                              GatewayMetrics metrics) {
        this.bodies = bodies;
        this.pipeline = pipeline;
        this.gate = gate;
        this.responder = responder;
        this.metrics = metrics;
    }

    public Mono<ServerResponse> completions(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        return bodies.read(request).map(CompletionRequest::parse).flatMap(r -> {
            RateGate.Admission admission = gate.admit(caller, TokenEstimates.of(r));
            return timed(request, pipeline.completions(r, caller.cacheNamespace()))
                    .doOnError(e -> gate.settle(admission, 0))
                    .flatMap(prepared -> {
                        boolean logprobs = r.sampling().logprobs() != null;
                        var events = responder.withPieces(prepared, logprobs);
                        CompletionRenderer renderer = new CompletionRenderer(identity("cmpl-", prepared), prepared,
                                r.echo(), logprobs);
                        return r.stream()
                                ? responder.stream(request, admission, prepared, events,
                                        e -> renderer.chunks(e, r.includeUsage()), true)
                                : responder.whole(request, admission, prepared, events, renderer::response);
                    });
        });
    }

    public Mono<ServerResponse> chat(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        return bodies.read(request).map(ChatRequest::parse).flatMap(r -> {
            RateGate.Admission admission = gate.admit(caller, TokenEstimates.of(r));
            return timed(request, pipeline.chat(r, caller.cacheNamespace()))
                    .doOnError(e -> gate.settle(admission, 0))
                    .flatMap(prepared -> {
                        boolean logprobs = r.sampling().logprobs() != null;
                        var events = responder.withPieces(prepared, logprobs);
                        ChatRenderer renderer = new ChatRenderer(identity("chatcmpl-", prepared), prepared, logprobs,
                                r.sessionId());
                        return r.stream()
                                ? responder.stream(request, admission, prepared, events,
                                        e -> renderer.chunks(e, r.includeUsage()), true)
                                : responder.whole(request, admission, prepared, events, renderer::response);
                    });
        });
    }

    public Mono<ServerResponse> infill(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        return bodies.read(request).map(InfillRequest::parse).flatMap(r -> {
            RateGate.Admission admission = gate.admit(caller, TokenEstimates.of(r));
            return timed(request, pipeline.infill(r, caller.cacheNamespace()))
                    .doOnError(e -> gate.settle(admission, 0))
                    .flatMap(prepared -> {
                        InfillRenderer renderer = new InfillRenderer(identity("infill-", prepared), prepared);
                        var events = prepared.events();
                        return r.stream()
                                ? responder.stream(request, admission, prepared, events, renderer::chunks, false)
                                : responder.whole(request, admission, prepared, events, renderer::response);
                    });
        });
    }

    private ResponseIdentity identity(String prefix, Prepared prepared) {
        String model = prepared.model().name();
        return ResponseIdentity.create(prefix, model, id -> responder.pieces().piece(model, id));
    }

    /**
     * Counts the planning calls' time as upstream time, not the gateway's. Recorded as the plan
     * arrives, before the hand-off that reads it.
     */
    private Mono<Prepared> timed(ServerRequest request, Mono<Prepared> preparation) {
        RequestTiming timing = request.exchange().getAttribute(RequestTiming.ATTRIBUTE);
        if (timing == null) {
            return preparation;
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            Runnable record = () -> {
                long nanos = System.nanoTime() - start;
                timing.upstreamNanos.addAndGet(nanos);
                metrics.planning(nanos);
            };
            return preparation.doOnSuccess(p -> record.run()).doOnError(e -> record.run());
        });
    }
}
