package dev.osprey.gateway.completion;

import java.util.List;
import reactor.core.publisher.Flux;

/**
 * A validated request whose prompts are planned and tokenized: errors a client can fix (unknown
 * model, prompt too long, no FIM support) have been raised before this exists. {@code events} is cold:
 * subscribing starts the generations, cancelling cancels them at the inference service.
 */
public record Prepared(ModelProfile model, List<PreparedPrompt> prompts, int n, Flux<ChoiceEvent> events) {

    public Prepared {
        prompts = List.copyOf(prompts);
    }

    public int promptTokens() {
        return prompts.stream().mapToInt(p -> p.ids().size()).sum();
    }
}
