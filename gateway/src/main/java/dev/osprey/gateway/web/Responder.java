package dev.osprey.gateway.web;

import dev.osprey.gateway.completion.ChoiceEvent;
import dev.osprey.gateway.completion.Prepared;
import dev.osprey.gateway.completion.TokenPieces;
import dev.osprey.gateway.upstream.UpstreamErrors;
import dev.osprey.gateway.upstream.UpstreamService;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a {@link Prepared} generation into an HTTP response: one JSON object, or an SSE stream whose
 * headers are sent only once the first event arrived (so an early refusal is a real status). Settles
 * the rate limit with the tokens used, records the gateway's overhead, and — since cancelling the
 * events cancels the gRPC calls — a client that disconnects stops its generations.
 */
@Component
public class Responder {
    private final JsonBodies json;
    private final TokenPieces pieces;
    private final RateGate gate;
    private final GatewayMetrics metrics;

    public Responder(JsonBodies json, TokenPieces pieces, RateGate gate, GatewayMetrics metrics) {
        this.json = json;
        this.pieces = pieces;
        this.gate = gate;
        this.metrics = metrics;
    }

    /** Events with the pieces of their token ids resolved (only when log-probabilities are rendered). */
    Flux<ChoiceEvent> withPieces(Prepared prepared, boolean logprobs) {
        return logprobs ? pieces.resolved(prepared.model().name(), prepared.events()) : prepared.events();
    }

    TokenPieces pieces() {
        return pieces;
    }

    /** A non-streaming response rendered from all events. */
    Mono<ServerResponse> whole(ServerRequest request, RateGate.Admission admission, Prepared prepared,
                               Flux<ChoiceEvent> events, Function<List<ChoiceEvent>, ObjectNode> render) {
        AtomicLong completion = new AtomicLong();
        handOff(request);
        return events.doOnNext(e -> count(e, completion))
                .collectList()
                .map(render)
                .flatMap(body -> JsonReplies.json(HttpStatus.OK, admission, body))
                .doFinally(s -> gate.settle(admission, prepared.promptTokens() + completion.get()));
    }

    /**
     * An SSE response. {@code chunks} renders the events; {@code done} adds OpenAI's {@code [DONE]}
     * frame (llama.cpp's infill stream has none).
     */
    Mono<ServerResponse> stream(ServerRequest request, RateGate.Admission admission, Prepared prepared,
                                Flux<ChoiceEvent> events, Function<Flux<ChoiceEvent>, Flux<ObjectNode>> chunks,
                                boolean done) {
        AtomicLong completion = new AtomicLong();
        AtomicLong arrived = new AtomicLong();
        handOff(request);
        Flux<ChoiceEvent> counted = events.doOnNext(e -> {
            arrived.set(System.nanoTime());
            count(e, completion);
        });
        return FirstSignal.await(counted)
                .doOnError(e -> gate.settle(admission, prepared.promptTokens()))
                .flatMap(started -> {
                    SseFrames frames = new SseFrames(json.mapper(), request.exchange().getResponse().bufferFactory());
                    Flux<DataBuffer> body = chunks.apply(started)
                            .map(chunk -> {
                                DataBuffer frame = frames.data(chunk);
                                long t = arrived.get();
                                if (t != 0) {
                                    metrics.relay(System.nanoTime() - t);
                                    arrived.set(0);
                                }
                                return frame;
                            })
                            .onErrorResume(e -> Mono.just(frames.error(UpstreamErrors.toApi(e, UpstreamService.INFERENCE))));
                    if (done) {
                        body = body.concatWith(Mono.fromSupplier(frames::done));
                    }
                    body = body.doFinally(s -> gate.settle(admission, prepared.promptTokens() + completion.get()));
                    return JsonReplies.builder(HttpStatus.OK, admission)
                            .contentType(MediaType.TEXT_EVENT_STREAM)
                            .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                            .header("X-Accel-Buffering", "no")
                            .body(BodyInserters.fromDataBuffers(body));
                });
    }

    /** Records the admission overhead: body received to hand-off, the planning calls excluded. */
    private void handOff(ServerRequest request) {
        RequestTiming timing = request.exchange().getAttribute(RequestTiming.ATTRIBUTE);
        if (timing != null) {
            metrics.admission(System.nanoTime() - timing.workStartNanos() - timing.upstreamNanos.get());
        }
    }

    private static void count(ChoiceEvent e, AtomicLong completion) {
        if (e instanceof ChoiceEvent.End end) {
            completion.addAndGet(end.usage().completionTokens());
        }
    }

}
