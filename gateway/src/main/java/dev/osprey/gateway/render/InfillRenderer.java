package dev.osprey.gateway.render;

import dev.osprey.gateway.completion.ChoiceEvent;
import dev.osprey.gateway.completion.Prepared;
import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/infill} responses in llama.cpp's shape, which its editor plugins read: {@code content},
 * {@code stop}, {@code stop_type} ({@code eos} or {@code limit}), token counts. Streaming sends one
 * object per token and a final one with {@code "stop": true}.
 */
public final class InfillRenderer {
    private final ResponseIdentity identity;
    private final Prepared prepared;

    public InfillRenderer(ResponseIdentity identity, Prepared prepared) {
        this.identity = identity;
        this.prepared = prepared;
    }

    public ObjectNode response(List<ChoiceEvent> events) {
        ChoiceState s = ChoiceState.collect(events, 1).getFirst();
        ObjectNode out = base(s.text.toString(), true);
        finish(out, s.finishReason, s.usage);
        return out;
    }

    public Flux<ObjectNode> chunks(Flux<ChoiceEvent> events) {
        return events.map(e -> switch (e) {
            case ChoiceEvent.Token t -> base(t.text(), false);
            case ChoiceEvent.End end -> finish(base(end.trailingText(), true), end.finishReason(), end.usage());
        });
    }

    private ObjectNode base(String content, boolean stop) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", identity.id());
        out.put("content", content);
        out.put("model", identity.model());
        out.put("stop", stop);
        return out;
    }

    private ObjectNode finish(ObjectNode out, String finishReason, ChoiceEvent.Usage usage) {
        out.put("stop_type", "length".equals(finishReason) ? "limit" : "eos");
        out.put("tokens_predicted", usage.completionTokens());
        out.put("tokens_evaluated", prepared.promptTokens());
        out.put("tokens_cached", usage.cachedPromptTokens());
        out.put("truncated", false);
        return out;
    }
}
