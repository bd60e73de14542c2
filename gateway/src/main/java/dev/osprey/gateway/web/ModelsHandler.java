package dev.osprey.gateway.web;

import dev.osprey.gateway.completion.ModelCatalog;
import dev.osprey.gateway.completion.ModelProfile;
import dev.osprey.gateway.openai.ApiException;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v1/models} and {@code /v1/models/{id}}: OpenAI's model objects plus what a code
 * client needs: context length, fill-in-the-middle support and format, the chat template in use,
 * and any operator notice (such as a fallback demo model).
 */
@Component
public class ModelsHandler {
    private final ModelCatalog catalog;
    private final RateGate gate;
    private final long startedAt = System.currentTimeMillis() / 1000;

    public ModelsHandler(ModelCatalog catalog, RateGate gate) {
        this.catalog = catalog;
        this.gate = gate;
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        RateGate.Admission admission = gate.admit(Caller.of(request.exchange()), 0);
        return catalog.served().flatMap(model -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("object", "list");
            body.putArray("data").add(model(model));
            return JsonReplies.ok(admission, body);
        });
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        RateGate.Admission admission = gate.admit(Caller.of(request.exchange()), 0);
        String id = request.pathVariable("id");
        return catalog.served().flatMap(model -> model.name().equals(id)
                ? JsonReplies.ok(admission, model(model))
                : Mono.error(ApiException.modelNotFound(id)));
    }

    private ObjectNode model(ModelProfile m) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", m.name());
        node.put("object", "model");
        node.put("created", startedAt);
        node.put("owned_by", "osprey");
        node.put("context_length", m.contextLength());
        node.put("max_model_len", m.contextLength());
        node.put("architecture", m.architecture());
        node.put("vocab_size", m.vocabSize());
        ObjectNode fim = node.putObject("fim");
        fim.put("supported", m.fimSupported());
        if (m.fimSupported()) {
            fim.put("format", m.fimFormat());
        }
        node.put("chat_template", m.chatTemplate());
        m.notice().ifPresent(n -> node.put("warning", n));
        return node;
    }
}
