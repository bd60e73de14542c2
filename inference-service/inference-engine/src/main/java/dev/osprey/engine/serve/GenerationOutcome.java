package dev.osprey.engine.serve;

import dev.osprey.engine.sampling.FinishReason;

/**
 * How a request ended, with its usage and timings.
 *
 * @param reason             why it ended
 * @param message            what went wrong for {@code ERROR}, else empty
 * @param trailingText       text held back until the end (e.g. a stop-string prefix that never completed),
 *                           to be shown after the last token's text; empty when none
 * @param promptTokens       prompt length
 * @param cachedPromptTokens prompt tokens whose KV came from the prefix cache (at first admission)
 * @param completionTokens   tokens streamed
 * @param preemptions        times the request was preempted and later recomputed
 * @param queuedNanos        from submission to the first step that ran it
 * @param firstTokenNanos    from submission to the first token, or -1 when none was produced
 * @param totalNanos         from submission to the end
 */
public record GenerationOutcome(FinishReason reason, String message, String trailingText, int promptTokens,
                                int cachedPromptTokens, int completionTokens, int preemptions, long queuedNanos,
                                long firstTokenNanos, long totalNanos) {
}
