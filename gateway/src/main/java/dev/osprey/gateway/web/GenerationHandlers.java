package dev.osprey.gateway.web;

import dev.osprey.gateway.access.Tenant;
import dev.osprey.gateway.completion.ChoiceEvent;
import dev.osprey.gateway.completion.CompletionPipeline;
import dev.osprey.gateway.completion.DebugData;
import dev.osprey.gateway.completion.Prepared;
import dev.osprey.gateway.completion.TokenEstimates;
import dev.osprey.gateway.openai.ChatRequest;
import dev.osprey.gateway.openai.CompletionRequest;
import dev.osprey.gateway.openai.InfillRequest;
import dev.osprey.gateway.render.ChatRenderer;
import dev.osprey.gateway.render.CompletionRenderer;
import dev.osprey.gateway.render.DebugJson;
import dev.osprey.gateway.render.InfillRenderer;
import dev.osprey.gateway.render.ResponseIdentity;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
        return generate(request, CompletionRequest::parse, TokenEstimates::of, pipeline::completions, (r, prepared) -> {
            boolean logprobs = r.sampling().logprobs() != null;
            CompletionRenderer renderer = new CompletionRenderer(identity("cmpl-", prepared), prepared, r.echo(), logprobs);
            return new Rendering(r.stream(), responder.withPieces(prepared, logprobs),
                    events -> renderer.chunks(events, r.includeUsage()), renderer::response, true);
        });
    }

    public Mono<ServerResponse> chat(ServerRequest request) {
        return generate(request, ChatRequest::parse, TokenEstimates::of, pipeline::chat, (r, prepared) -> {
            boolean logprobs = r.sampling().logprobs() != null;
            ChatRenderer renderer = new ChatRenderer(identity("chatcmpl-", prepared), prepared, logprobs, r.sessionId());
            return new Rendering(r.stream(), responder.withPieces(prepared, logprobs),
                    events -> renderer.chunks(events, r.includeUsage()), renderer::response, true);
        });
    }

    public Mono<ServerResponse> infill(ServerRequest request) {
        return generate(request, InfillRequest::parse, TokenEstimates::of, pipeline::infill, (r, prepared) -> {
            InfillRenderer renderer = new InfillRenderer(identity("infill-", prepared), prepared);
            return new Rendering(r.stream(), prepared.events(), renderer::chunks, renderer::response, false);
        });
    }

    /**
     * How one endpoint answers: streamed or whole, the events to render, and whether the stream ends
     * with OpenAI's {@code [DONE]}.
     */
    private record Rendering(boolean stream, Flux<ChoiceEvent> events,
                             Function<Flux<ChoiceEvent>, Flux<ObjectNode>> chunks,
                             Function<List<ChoiceEvent>, ObjectNode> whole, boolean done) {}

    /** Parse, admit against the caller's limits, plan, then answer as {@code render} says. */
    private <R> Mono<ServerResponse> generate(ServerRequest request, Function<JsonNode, R> parse,
                                              ToLongFunction<R> estimate,
                                              BiFunction<R, Tenant, Mono<Prepared>> prepare,
                                              BiFunction<R, Prepared, Rendering> render) {
        Caller caller = Caller.of(request.exchange());
        return bodies.read(request).map(parse).flatMap(r -> {
            RateGate.Admission admission = gate.admit(caller, estimate.applyAsLong(r));
            return timed(request, prepare.apply(r, caller.tenant()))
                    .doOnError(e -> gate.settle(admission, 0))
                    .flatMap(prepared -> {
                        Rendering rendering = render.apply(r, prepared);
                        DebugData debug = prepared.debug();
                        // debug_data rides on the whole response, or on a stream's first chunk
                        Function<Flux<ChoiceEvent>, Flux<ObjectNode>> chunks = debug == null ? rendering.chunks()
                                : events -> rendering.chunks().apply(events).index()
                                        .map(c -> c.getT1() == 0 ? DebugJson.attach(c.getT2(), debug) : c.getT2());
                        return rendering.stream()
                                ? responder.stream(request, admission, prepared, rendering.events(), chunks,
                                        rendering.done())
                                : responder.whole(request, admission, prepared, rendering.events(),
                                        events -> DebugJson.attach(rendering.whole().apply(events), debug));
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
