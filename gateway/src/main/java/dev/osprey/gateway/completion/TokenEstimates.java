package dev.osprey.gateway.completion;

import dev.osprey.gateway.openai.ChatMessageInput;
import dev.osprey.gateway.openai.ChatRequest;
import dev.osprey.gateway.openai.CompletionRequest;
import dev.osprey.gateway.openai.InfillRequest;
import dev.osprey.gateway.openai.PromptInput;

/**
 * The tokens a request is admitted with by the per-key limiter before it is tokenized: prompt
 * characters at about four per token plus the output it may produce. Settled with the real count
 * when the response ends. The same numbers for every transport, so a key's budget does not depend on
 * whether it calls REST or gRPC.
 */
public final class TokenEstimates {
    /** Rough characters per token before tokenization. */
    private static final int CHARS_PER_TOKEN = 4;
    /** What a chat without max_tokens is assumed to produce. */
    private static final int CHAT_OUTPUT_ESTIMATE = 256;

    private TokenEstimates() {}

    public static long of(CompletionRequest r) {
        long promptTokens = 0;
        for (PromptInput p : r.prompts()) {
            promptTokens += switch (p) {
                case PromptInput.Text t -> t.text().length() / CHARS_PER_TOKEN + 1;
                case PromptInput.Tokens t -> t.ids().size();
            };
        }
        if (r.suffix() != null) {
            promptTokens += r.suffix().length() / CHARS_PER_TOKEN;
        }
        return promptTokens + (long) r.sampling().maxTokens() * r.n() * r.prompts().size();
    }

    public static long of(ChatRequest r) {
        long chars = r.messages().stream().map(ChatMessageInput::content).mapToLong(String::length).sum();
        long output = r.sampling().maxTokens() == null ? CHAT_OUTPUT_ESTIMATE : r.sampling().maxTokens();
        return chars / CHARS_PER_TOKEN + 1 + output * r.n();
    }

    public static long of(InfillRequest r) {
        long chars = r.prefix().length() + r.suffix().length()
                + r.extra().stream().mapToLong(f -> f.text().length()).sum();
        return chars / CHARS_PER_TOKEN + 1 + r.sampling().maxTokens();
    }
}
