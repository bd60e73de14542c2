package dev.osprey.gateway.completion;

import java.util.List;
import reactor.core.publisher.Flux;

/**
 * A validated request whose prompts are planned and tokenized: errors a client can fix (unknown
 * model, prompt too long, no FIM support) have been raised before this exists. {@code events} is cold:
 * subscribing starts the generations, cancelling cancels them at the inference service. {@code debug} is what
 * the request's {@code debug_options} asked to be shown, or null.
 */
public record Prepared(ModelProfile model, List<PreparedPrompt> prompts, int n, Flux<ChoiceEvent> events,
                       DebugData debug) {

    public Prepared {
        prompts = List.copyOf(prompts);
    }

    /** Without debug data. */
    public Prepared(ModelProfile model, List<PreparedPrompt> prompts, int n, Flux<ChoiceEvent> events) {
        this(model, prompts, n, events, null);
    }

    Prepared withDebug(DebugData data) {
        return new Prepared(model, prompts, n, events, data);
    }

    public int promptTokens() {
        return prompts.stream().mapToInt(p -> p.ids().size()).sum();
    }
}
