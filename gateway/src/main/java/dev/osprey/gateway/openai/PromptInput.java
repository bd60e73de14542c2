package dev.osprey.gateway.openai;

import java.util.List;

/** One prompt of {@code /v1/completions}: text, or token ids fed as they are. */
public sealed interface PromptInput {

    record Text(String text) implements PromptInput {}

    record Tokens(List<Integer> ids) implements PromptInput {
        public Tokens {
            ids = List.copyOf(ids);
        }
    }
}
