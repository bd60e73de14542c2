package dev.osprey.gateway.web;

import dev.osprey.gateway.batch.Batch;
import dev.osprey.gateway.batch.BatchJson;
import dev.osprey.gateway.batch.BatchService;
import dev.osprey.gateway.batch.Page;
import dev.osprey.gateway.openai.ApiException;
import dev.osprey.gateway.openai.JsonFields;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Batch API: {@code POST /v1/batches} ({@code input_file_id}, {@code endpoint},
 * {@code completion_window}, {@code metadata}), {@code GET /v1/batches/{id}}, {@code GET /v1/batches}
 * ({@code limit}, {@code after}; newest first) and {@code POST /v1/batches/{id}/cancel}. A batch whose
 * input has invalid lines is answered 200 with status {@code failed} and its {@code errors}, as OpenAI
 * does; a queue that cannot take work is 503 with {@code Retry-After}, and nothing is written.
 */
@Component
public class BatchesHandler {
    private static final int DEFAULT_LIST = 20;
    private static final int MAX_LIST = 100;

    private final BatchService service;
    private final JsonBodies bodies;
    private final RateGate gate;

    public BatchesHandler(BatchService service, JsonBodies bodies, RateGate gate) {
        this.service = service;
        this.bodies = bodies;
        this.gate = gate;
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        return bodies.read(request).flatMap(node -> {
            // Types are checked here; missing fields after the queue's availability, by the service.
            JsonFields f = JsonFields.body(node);
            String inputFileId = f.string("input_file_id").orElse(null);
            String endpoint = f.string("endpoint").orElse(null);
            String window = f.string("completion_window").orElse(null);
            Map<String, String> metadata = metadata(f);
            RateGate.Admission admission = gate.admit(caller, 0);
            return service.createBatch(inputFileId, endpoint, window, metadata, caller.tenant())
                    .subscribeOn(Schedulers.boundedElastic())
                    .onErrorMap(JsonReplies::unavailable)
                    .flatMap(batch -> JsonReplies.ok(admission, BatchJson.batch(batch)));
        });
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        RateGate.Admission admission = gate.admit(caller, 0);
        String id = request.pathVariable("id");
        return Mono.fromCallable(() -> service.getBatch(id, caller.tenant()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(batch -> JsonReplies.ok(admission, BatchJson.batch(batch)));
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        RateGate.Admission admission = gate.admit(caller, 0);
        ListQuery query = ListQuery.of(request, DEFAULT_LIST, MAX_LIST);
        return Mono.fromCallable(() -> service.listBatches(caller.tenant(), query.limit(), query.after()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(page -> JsonReplies.ok(admission, list(page)));
    }

    public Mono<ServerResponse> cancel(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        RateGate.Admission admission = gate.admit(caller, 0);
        String id = request.pathVariable("id");
        return service.cancelBatch(id, caller.tenant())
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(JsonReplies::unavailable)
                .flatMap(batch -> JsonReplies.ok(admission, BatchJson.batch(batch)));
    }

    /** {@code {object: "list", data, first_id, last_id, has_more}}. */
    private static ObjectNode list(Page<Batch> page) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("object", "list");
        var data = body.putArray("data");
        page.data().forEach(b -> data.add(BatchJson.batch(b)));
        if (page.data().isEmpty()) {
            body.putNull("first_id");
            body.putNull("last_id");
        } else {
            body.put("first_id", page.data().getFirst().id());
            body.put("last_id", page.data().getLast().id());
        }
        body.put("has_more", page.hasMore());
        return body;
    }

    private static Map<String, String> metadata(JsonFields f) {
        Map<String, String> out = new LinkedHashMap<>();
        var metadata = f.object("metadata");
        if (metadata.isEmpty()) {
            return out;
        }
        JsonNode node = f.raw("metadata");
        for (var entry : node.properties()) {
            JsonNode value = entry.getValue();
            if (!value.isString()) {
                throw ApiException.wrongType("metadata." + entry.getKey(), "a string", JsonFields.describe(value));
            }
            out.put(entry.getKey(), value.stringValue());
        }
        return out;
    }
}
