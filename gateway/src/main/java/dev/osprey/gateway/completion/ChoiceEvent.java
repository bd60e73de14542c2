package dev.osprey.gateway.completion;

import java.util.List;

/** What one choice of a generation emits: tokens, then exactly one {@link End}. */
public sealed interface ChoiceEvent {

    /** The choice's index in the response (prompt index × n + sample index). */
    int index();

    /** A generated token; {@code text} is what it released (may be empty while a stop string is undecided). */
    record Token(int index, int id, String text, Double logprob, List<Alternative> alternatives)
            implements ChoiceEvent {
        public Token {
            alternatives = List.copyOf(alternatives);
        }
    }

    /** One of the most likely tokens at a step. */
    record Alternative(int id, double logprob) {}

    /**
     * The choice ended. {@code finishReason} is OpenAI's: {@code stop} or {@code length};
     * {@code trailingText} follows the last token's text.
     */
    record End(int index, String finishReason, String trailingText, Usage usage) implements ChoiceEvent {}

    /** Token counts of one choice. */
    record Usage(int promptTokens, int completionTokens, int cachedPromptTokens) {
        public static final Usage NONE = new Usage(0, 0, 0);
    }
}
