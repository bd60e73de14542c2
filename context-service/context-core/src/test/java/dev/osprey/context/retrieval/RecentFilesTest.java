package dev.osprey.context.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osprey.context.symbol.SymbolExtractor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentFilesTest {
    private final SymbolExtractor extractor = new SymbolExtractor();

    @Test
    void namesReachTopLevelDefinitionsAndTypesAndChainsTheirMembers() {
        RecentFiles recent = new RecentFiles(List.of(new RecentFile("geo/shapes.py",
                "class Shape:\n    def area(self):\n        return 0\n\n\ndef helper():\n    pass\n"),
                new RecentFile("app/main.py", "def helper():\n    pass\n")), "app/main.py", extractor);
        assertTrue(recent.contains("geo/shapes.py"));
        assertFalse(recent.contains("app/main.py"), "the file being completed is left out");
        assertEquals(List.of("helper"), recent.named("helper").stream().map(d -> d.symbol()).toList());
        assertEquals(List.of("Shape"), recent.named("Shape").stream().map(d -> d.symbol()).toList());
        assertEquals(List.of(), recent.named("area"), "a bare member name is no evidence");
        assertEquals(List.of("Shape.area"), recent.named("Shape.area").stream().map(d -> d.symbol()).toList());
        assertEquals("    def area(self):\n        return 0", recent.lines("geo/shapes.py", 2, 3));
    }

    @Test
    void manyOrHugeFilesAreReadOnlyUpToTheBounds() {
        List<RecentFile> many = new ArrayList<>();
        for (int i = 0; i < RecentFiles.MAX_FILES + 8; i++) {
            many.add(new RecentFile("f" + i + ".py", "def f" + i + "():\n    pass\n"));
        }
        RecentFiles first = new RecentFiles(many, "", extractor);
        assertTrue(first.contains("f" + (RecentFiles.MAX_FILES - 1) + ".py"));
        assertFalse(first.contains("f" + RecentFiles.MAX_FILES + ".py"));
        String huge = "x = 1\n".repeat(RecentFiles.MAX_CHARS / 6 + 10);
        RecentFiles capped = new RecentFiles(List.of(new RecentFile("a.py", huge), new RecentFile("b.py", huge),
                new RecentFile("c.py", huge)), "", extractor);
        assertTrue(capped.contains("a.py") && capped.contains("b.py"));
        assertFalse(capped.contains("c.py"), "the total is bounded");
    }
}
