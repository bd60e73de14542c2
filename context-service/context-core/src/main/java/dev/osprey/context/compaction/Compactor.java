package dev.osprey.context.compaction;

import dev.osprey.context.conversation.SessionKey;
import dev.osprey.context.conversation.Turn;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Keeps the gist of turns that no longer fit the window. With a {@link Summarizer}, the model
 * summarises them once per stretch of conversation: a cached summary covering exactly these turns is
 * reused, one covering fewer is extended with the newer turns only. Without a summarizer, or when it
 * fails, the turns are trimmed extractively (each turn's opening, newest kept first) and nothing is
 * cached, so a model summary can replace it later. Thread-safe when its collaborators are.
 */
public final class Compactor {
    /** Characters of each turn an extractive summary keeps. */
    static final int EXCERPT_CHARS = 160;

    private final Summarizer summarizer;
    private final SummaryCache cache;
    private final ToIntFunction<String> tokens;

    /**
     * @param summarizer the model, or null when no inference is configured
     * @param tokens     token count of a text for the served model
     */
    public Compactor(Summarizer summarizer, SummaryCache cache, ToIntFunction<String> tokens) {
        this.summarizer = summarizer;
        this.cache = Objects.requireNonNull(cache, "cache");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * @param dropped   the turns beyond the budget, oldest first, non-empty
     * @param maxTokens the summary's budget, positive
     */
    public Summary compact(SessionKey session, List<Turn> dropped, int maxTokens) {
        if (dropped.isEmpty()) {
            throw new IllegalArgumentException("nothing to compact");
        }
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("summary budget must be positive, got " + maxTokens);
        }
        long through = dropped.getLast().sequence();
        Optional<Summary> cached = session == null ? Optional.empty() : cache.latest(session);
        if (cached.isPresent() && cached.get().coversThroughSequence() == through && cached.get().tokens() <= maxTokens) {
            return cached.get();
        }
        if (summarizer != null) {
            String previous = null;
            List<Turn> turns = dropped;
            if (cached.isPresent() && cached.get().coversThroughSequence() < through) {
                long covered = cached.get().coversThroughSequence();
                previous = cached.get().text();
                turns = dropped.stream().filter(t -> t.sequence() > covered).toList();
            }
            Optional<String> text = summarize(previous, turns, maxTokens);
            if (text.isPresent() && !text.get().isBlank()) {
                String fitted = fit(text.get().strip(), maxTokens);
                Summary summary = new Summary(through, fitted, tokens.applyAsInt(fitted), CompactionMethod.MODEL_SUMMARY);
                if (session != null) {
                    cache.put(session, summary);
                }
                return summary;
            }
        }
        String extract = extract(dropped, maxTokens);
        return new Summary(through, extract, tokens.applyAsInt(extract), CompactionMethod.EXTRACTIVE);
    }

    private Optional<String> summarize(String previous, List<Turn> turns, int maxTokens) {
        try {
            return summarizer.summarize(previous, turns, maxTokens);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Each turn's opening as {@code role: text…}, newest first until the budget, printed oldest first. */
    private String extract(List<Turn> dropped, int maxTokens) {
        Deque<String> lines = new ArrayDeque<>();
        int used = 0;
        for (int i = dropped.size() - 1; i >= 0; i--) {
            String line = excerpt(dropped.get(i));
            int cost = tokens.applyAsInt(line + "\n");
            if (used + cost > maxTokens) {
                if (lines.isEmpty()) {
                    lines.addFirst(fit(line, maxTokens));
                }
                break;
            }
            lines.addFirst(line);
            used += cost;
        }
        return String.join("\n", lines);
    }

    private static String excerpt(Turn turn) {
        String text = turn.content().strip().replaceAll("\\s+", " ");
        if (text.length() > EXCERPT_CHARS) {
            int cut = text.lastIndexOf(' ', EXCERPT_CHARS);
            text = text.substring(0, cut > EXCERPT_CHARS / 2 ? cut : EXCERPT_CHARS) + "\u2026";
        }
        return turn.role() + ": " + text;
    }

    /** {@code text} cut to at most {@code maxTokens}: whole lines first, then characters. */
    String fit(String text, int maxTokens) {
        if (tokens.applyAsInt(text) <= maxTokens) {
            return text;
        }
        String cut = text;
        while (cut.contains("\n") && tokens.applyAsInt(cut) > maxTokens) {
            cut = cut.substring(0, cut.lastIndexOf('\n'));
        }
        if (tokens.applyAsInt(cut) <= maxTokens) {
            return cut;
        }
        int lo = 0;
        int hi = cut.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (tokens.applyAsInt(cut.substring(0, mid)) <= maxTokens) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return cut.substring(0, lo);
    }
}
