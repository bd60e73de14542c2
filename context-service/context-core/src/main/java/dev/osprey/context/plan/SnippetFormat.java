package dev.osprey.context.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/** How retrieved code and summaries are written into prompts. */
final class SnippetFormat {
    static final String HEADER = "Relevant code from the repository:\n";
    static final String SUMMARY_HEADER = "Summary of the earlier conversation:\n";

    private SnippetFormat() {
    }

    /** Snippets in the order prompts show them: by path, then line, so repeated requests share a prompt prefix. */
    static List<Snippet> promptOrder(List<Snippet> snippets) {
        List<Snippet> ordered = new ArrayList<>(snippets);
        ordered.sort(Comparator.comparing(Snippet::path).thenComparingInt(Snippet::startLine));
        return ordered;
    }

    /** A chat-prompt block: {@code ### path (lines a-b, symbol)} then the code fenced. */
    static String markdown(Snippet s) {
        StringBuilder b = new StringBuilder("\n### ").append(s.path()).append(" (lines ").append(s.startLine())
                .append('-').append(s.endLine());
        if (!s.symbol().isEmpty()) {
            b.append(", ").append(s.symbol());
        }
        return b.append(")\n```\n").append(s.text()).append(s.text().endsWith("\n") ? "" : "\n").append("```\n")
                .toString();
    }

    /** The longest head of {@code s}, in whole lines, whose {@code cost} is at most {@code maxTokens}. */
    static Snippet trimToTokens(Snippet s, int maxTokens, ToIntFunction<Snippet> cost) {
        String[] lines = s.text().split("\n", -1);
        int lo = 0;
        int hi = lines.length;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cost.applyAsInt(head(s, lines, mid)) <= maxTokens) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return head(s, lines, lo);
    }

    private static Snippet head(Snippet s, String[] lines, int n) {
        String text = String.join("\n", java.util.Arrays.copyOf(lines, n));
        return s.withText(text, s.startLine() + Math.max(0, n - 1));
    }
}
