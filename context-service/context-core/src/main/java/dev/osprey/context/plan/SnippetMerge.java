package dev.osprey.context.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Client-sent files and retrieved snippets as one candidate list, without repeats. */
public final class SnippetMerge {
    private SnippetMerge() {
    }

    /**
     * {@code sent} (whole files the client chose, such as llama.cpp's {@code input_extra}), a path sent twice kept
     * once (the first), then each of {@code retrieved} whose file was not sent and whose lines are neither those of
     * an earlier retrieved snippet nor inside an earlier one without a skeleton (which is always sent as text; one
     * with a skeleton may be sent as its skeleton alone, so what lies inside it stays).
     */
    public static List<Snippet> merge(List<Snippet> sent, List<Snippet> retrieved) {
        List<Snippet> out = new ArrayList<>();
        Set<String> sentPaths = new HashSet<>();
        for (Snippet s : sent) {
            if (sentPaths.add(s.path())) {
                out.add(s);
            }
        }
        List<Snippet> kept = new ArrayList<>();
        for (Snippet s : retrieved) {
            boolean covered = kept.stream().anyMatch(k -> k.path().equals(s.path()) && k.startLine() <= s.startLine()
                    && s.endLine() <= k.endLine() && (k.skeleton().isEmpty() || k.startLine() == s.startLine()
                            && k.endLine() == s.endLine()));
            if (!sentPaths.contains(s.path()) && !covered) {
                kept.add(s);
            }
        }
        out.addAll(kept);
        return out;
    }
}
