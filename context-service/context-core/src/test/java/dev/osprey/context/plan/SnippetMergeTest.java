package dev.osprey.context.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetMergeTest {
    private static Snippet text(String path, int start, int end) {
        return new Snippet(path, start, end, "", "x", 1);
    }

    private static Snippet definition(String path, int start, int end) {
        return new Snippet(path, start, end, "D", "body", 1, "sig", "why");
    }

    @Test
    void sentFilesComeFirstOnceAndRetrievedSnippetsOfThemAreDropped() {
        List<Snippet> merged = SnippetMerge.merge(
                List.of(text("a.py", 1, 9), text("b.py", 1, 3), text("a.py", 1, 9)),
                List.of(definition("a.py", 2, 4), text("c.py", 1, 40), definition("c.py", 5, 8), text("c.py", 30, 50),
                        definition("d.py", 1, 20), definition("d.py", 3, 6), definition("d.py", 1, 20)));
        assertThat(merged).extracting(Snippet::label).containsExactly("a.py:1-9", "b.py:1-3", "c.py:1-40",
                "c.py:30-50", "d.py:1-20", "d.py:3-6");
    }
}
