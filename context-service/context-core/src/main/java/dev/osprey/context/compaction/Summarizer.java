package dev.osprey.context.compaction;

import dev.osprey.context.conversation.Turn;
import java.util.List;
import java.util.Optional;

/** Summarises conversation turns with a model; the context server implements it over the Inference service. */
public interface Summarizer {

    /**
     * @param previous  an earlier summary the new one must extend (the turns before {@code turns}), or null
     * @param turns     the turns to summarise, oldest first
     * @param maxTokens the summary's budget
     * @return the summary, or empty when the model is unavailable (the caller falls back to extraction)
     */
    Optional<String> summarize(String previous, List<Turn> turns, int maxTokens);
}
