package dev.osprey.context.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.osprey.context.symbol.Definition;
import dev.osprey.context.symbol.DefinitionKind;
import dev.osprey.context.symbol.FileSymbols;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkeletonsTest {
    @Test
    void aLongDocKeepsItsHeadAndAClassListsAtMostSixMembersEachCut() {
        String doc = "/**\n * Streams of values.\n * More.\n * Even more.\n * And more.\n */";
        Definition type = new Definition("a.ts", "Stream", "", DefinitionKind.CLASS, 1, 100, "class Stream", doc);
        List<Definition> definitions = new ArrayList<>(List.of(type));
        for (int i = 0; i < 14; i++) {
            definitions.add(new Definition("a.ts", "Stream.m" + i, "", DefinitionKind.METHOD, 10 + i, 10 + i,
                    "m" + i + "()" + (i == 0 ? ": " + "x".repeat(200) : ""), ""));
        }
        definitions.add(new Definition("a.ts", "Other", "", DefinitionKind.CLASS, 101, 102, "class Other", ""));
        StringBuilder expected = new StringBuilder("/**\n * Streams of values.\n * More.\n…\nclass Stream");
        expected.append("\n    m0(): ").append("x".repeat(120 - 6)).append('…');
        for (int i = 1; i < 6; i++) {
            expected.append("\n    m").append(i).append("()");
        }
        expected.append("\n    // 8 more members");
        assertEquals(expected.toString(), Skeletons.of(type, new FileSymbols("a.ts", "typescript", "", definitions, List.of())));
        assertEquals("class Other", Skeletons.of(definitions.getLast(), null));
    }
}
