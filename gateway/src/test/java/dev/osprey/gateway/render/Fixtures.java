package dev.osprey.gateway.render;

import dev.osprey.gateway.completion.ChoiceEvent;
import dev.osprey.gateway.completion.ModelProfile;
import dev.osprey.gateway.completion.Prepared;
import dev.osprey.gateway.completion.PreparedPrompt;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

/** A tiny vocabulary, a fixed identity and event builders shared by the renderer tests. */
final class Fixtures {
    static final Map<Integer, String> PIECES = Map.of(1, "Hello", 2, " world", 3, "!", 4, "é");
    static final ModelProfile MODEL = new ModelProfile("m", 4096, 100, "llama", true, "qwen",
            ModelProfile.DEFAULT_TEMPLATE, Optional.empty());

    private Fixtures() {}

    static ResponseIdentity identity(String id) {
        return new ResponseIdentity(id, 1700000000L, "m",
                tokenId -> PIECES.getOrDefault(tokenId, "").getBytes(StandardCharsets.UTF_8));
    }

    static PreparedPrompt prompt(String echoText, Integer... ids) {
        return new PreparedPrompt(Arrays.asList(ids), List.of(), 16, echoText);
    }

    static Prepared prepared(List<PreparedPrompt> prompts, int n, ChoiceEvent... events) {
        return new Prepared(MODEL, prompts, n, Flux.just(events));
    }

    static ChoiceEvent.Token token(int index, int id) {
        return new ChoiceEvent.Token(index, id, PIECES.get(id), null, List.of());
    }

    static ChoiceEvent.Token token(int index, int id, double logprob, ChoiceEvent.Alternative... top) {
        return new ChoiceEvent.Token(index, id, PIECES.get(id), logprob, List.of(top));
    }

    static ChoiceEvent.End end(int index, String reason, String trailing, int prompt, int completion, int cached) {
        return new ChoiceEvent.End(index, reason, trailing, new ChoiceEvent.Usage(prompt, completion, cached));
    }

    static List<ChoiceEvent> events(Prepared prepared) {
        return prepared.events().collectList().block();
    }

    static List<ObjectNode> collect(Flux<ObjectNode> chunks) {
        return chunks.collectList().block();
    }
}
