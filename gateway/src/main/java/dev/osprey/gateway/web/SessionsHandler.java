package dev.osprey.gateway.web;

import dev.osprey.api.v1.ContextGrpc;
import dev.osprey.api.v1.DeleteSessionRequest;
import dev.osprey.api.v1.GetSessionRequest;
import dev.osprey.api.v1.StoredMessage;
import dev.osprey.gateway.openai.ApiException;
import dev.osprey.gateway.upstream.ReactiveCalls;
import dev.osprey.gateway.upstream.UpstreamErrors;
import dev.osprey.gateway.upstream.UpstreamService;
import dev.osprey.gateway.upstream.Upstreams;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side chat sessions ({@code session_id} on a chat request keeps its history):
 * {@code GET /v1/sessions/{id}} lists the stored messages, {@code DELETE} forgets the session. Session ids
 * are per key: another key's session is 404 (admin keys may add {@code ?owner=NAME}).
 */
@Component
public class SessionsHandler {
    private final Upstreams upstreams;
    private final RateGate gate;

    public SessionsHandler(Upstreams upstreams, RateGate gate) {
        this.upstreams = upstreams;
        this.gate = gate;
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        String owner = caller.owner(request);
        RateGate.Admission admission = gate.admit(caller, 0);
        String id = request.pathVariable("id");
        return ReactiveCalls.unary(upstreams.context(), ContextGrpc.getGetSessionMethod(),
                        GetSessionRequest.newBuilder().setSessionId(id).setOwner(owner).build(),
                        ReactiveCalls.defaultDeadline())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.CONTEXT, () -> notFound(id)))
                .flatMap(r -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("id", r.getInfo().getSessionId());
                    body.put("object", "session");
                    body.put("created_at", r.getInfo().getCreatedAtMs() / 1000);
                    body.put("last_active_at", r.getInfo().getLastActiveAtMs() / 1000);
                    body.put("total_tokens", r.getInfo().getTotalTokens());
                    ArrayNode messages = body.putArray("messages");
                    for (StoredMessage m : r.getMessagesList()) {
                        ObjectNode out = messages.addObject();
                        out.put("role", m.getRole());
                        out.put("content", m.getContent());
                        out.put("tokens", m.getTokenCount());
                        out.put("created_at", m.getTimestampMs() / 1000);
                    }
                    return JsonReplies.ok(admission, body);
                });
    }

    public Mono<ServerResponse> delete(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        String owner = caller.owner(request);
        RateGate.Admission admission = gate.admit(caller, 0);
        String id = request.pathVariable("id");
        return ReactiveCalls.unary(upstreams.context(), ContextGrpc.getDeleteSessionMethod(),
                        DeleteSessionRequest.newBuilder().setSessionId(id).setOwner(owner).build(),
                        ReactiveCalls.defaultDeadline())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.CONTEXT, () -> notFound(id)))
                .flatMap(r -> {
                    if (!r.getDeleted()) {
                        return Mono.error(notFound(id));
                    }
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("id", id);
                    body.put("object", "session.deleted");
                    body.put("deleted", true);
                    return JsonReplies.ok(admission, body);
                });
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("id", "session_not_found", "No session '" + id + "'.");
    }


}
