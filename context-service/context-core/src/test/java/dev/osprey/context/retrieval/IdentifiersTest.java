package dev.osprey.context.retrieval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void namesComeNearestTheCursorFirstWithoutKeywordsOrReceivers() {
        String prefix = "def area(shape):\n    total = self.scale * shape.width\n    return total + ";
        String suffix = "\nprint(area)\n";
        // at equal distance the prefix's line comes before the suffix's
        assertEquals(List.of(new IdentifierUse("total", 0), new IdentifierUse("scale", 1),
                new IdentifierUse("shape.width", 1), new IdentifierUse("shape", 1), new IdentifierUse("print", 1),
                new IdentifierUse("area", 1)),
                Identifiers.around(prefix, suffix, 10));
        assertEquals(2, Identifiers.around(prefix, suffix, 2).size());
    }

    /** An import with no use in the request is where the code being written is going. */
    @Test
    void importedNamesWithoutAVisibleUseCountAsUsedAtTheCursor() {
        String prefix = """
                from geo.shapes import (
                    polygon_area,
                    Circle,
                )
                import java.util.List;

                x = Circle(2)


                y = """;
        assertEquals(List.of(new IdentifierUse("List", 0), new IdentifierUse("polygon_area", 0), new IdentifierUse("y", 0),
                new IdentifierUse("x", 3), new IdentifierUse("Circle", 3)), Identifiers.around(prefix, "", 10));
    }

    @Test
    void farFromTheCursorOnlyImportsAreRead() {
        String prefix = "import java.util.List;\n" + "far();\n".repeat(50) + "near();\n";
        assertEquals(List.of(new IdentifierUse("List", 0), new IdentifierUse("near", 0), new IdentifierUse("far", 1)),
                Identifiers.around(prefix, "", 10, 2));
    }

    @Test
    void anImportUsedBeyondTheScannedLinesIsNotTakenForTheCursors() {
        String prefix = "import a.Used;\nimport a.Unused;\nUsed.go();\n" + "x();\n".repeat(10) + "y = ";
        assertEquals(List.of(new IdentifierUse("Unused", 0), new IdentifierUse("y", 0), new IdentifierUse("x", 1)),
                Identifiers.around(prefix, "", 10, 3));
    }

    /** {@code Objects.equal(a, b)} uses the imported {@code Objects}: it is not waiting for the cursor. */
    @Test
    void aQualifiedUseUsesItsHead() {
        String prefix = "import com.google.common.base.Objects;\nimport a.Fresh;\n\nboolean same = Objects.equal(a, b);\n\n";
        assertEquals(List.of(new IdentifierUse("Fresh", 0), new IdentifierUse("same", 1),
                new IdentifierUse("Objects.equal", 1), new IdentifierUse("Objects", 1), new IdentifierUse("a", 1),
                new IdentifierUse("b", 1)), Identifiers.around(prefix, "", 10));
    }

    @Test
    void theEnclosingTypesSupertypesCountAsUsedNextToTheCursor() {
        String prefix = "import g.Network;\n\nclass Impl implements Network {\n" + "  int x;\n".repeat(20) + "  ";
        List<IdentifierUse> uses = Identifiers.around(prefix, "", 10);
        assertEquals(new IdentifierUse("Network", Identifiers.SUPERTYPE_DISTANCE), uses.get(1), uses.toString());
    }

    @Test
    void annotationsAndDecoratorsAreLeftOut() {
        assertEquals(List.of(new IdentifierUse("run", 0), new IdentifierUse("Task", 1), new IdentifierUse("t", 1)),
                Identifiers.around("@Override\n@cached.property\nTask t = \nrun(", "", 10));
        // an import used only as an annotation is used, not waiting for the cursor
        assertEquals(List.of(new IdentifierUse("x", 0)), Identifiers.around("import a.Marker;\n@Marker\nx = ", "", 10));
    }

    @Test
    void importStatementsSpanningLinesAreImportLines() {
        assertArrayEquals(new boolean[] {true, true, true, false, true, false},
                Identifiers.importLines(List.of("import {", "  a,", "} from './a';", "a();", "const b = require('b');",
                        "b();")));
    }

    /** The first-char check before the import regex rules out only lines the regex would not match. */
    @org.junit.jupiter.api.Test
    void theImportPrefilterKeepsEveryImportStatement() {
        java.util.List<String> imports = java.util.List.of("import java.util.List;", "  from .x import y",
                "#include <stdio.h>", "# include \"a.h\"", "pub use crate::a;", "use std::io;", "using System;",
                "package com.example;", "mod tests;", "pub mod api;", "const fs = require('fs');",
                "let x = require(\"x\");", "var y = require('y')", "export { a } from './a';",
                "export type { T } from './t';", "\t import x");
        for (String line : imports) {
            org.assertj.core.api.Assertions.assertThat(Identifiers.mayStartImport(line)).as(line).isTrue();
            org.assertj.core.api.Assertions.assertThat(Identifiers.importLines(java.util.List.of(line))).as(line)
                    .containsExactly(true);
        }
        for (String line : java.util.List.of("return x;", "  }", "", "   ", "Map<String, Int> m;", "@Override")) {
            org.assertj.core.api.Assertions.assertThat(Identifiers.importLines(java.util.List.of(line))).as(line)
                    .containsExactly(false);
        }
    }

    /** The first-word check rules out no line the import regex matches, on every line of this module's sources. */
    @Test
    void theImportPrefilterPassesEveryLineTheRegexMatches() throws java.io.IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (String head : List.of("import", "from a import", "#include", "# include", "pub use", "use", "using",
                "package", "mod a;", "pub mod a;", "const a = require(", "let a = require(", "var a = require(",
                "export { a } from", "export type { a } from")) {
            for (String lead : List.of("", " ", "\t", "\u000B", "\f", "  \t ")) {
                lines.add(lead + head + " x;");
                lines.add(lead + head + "\tx;");
            }
        }
        SourceLines.assertPrefilterPassesEveryMatch(Identifiers.IMPORT_LINE, Identifiers::mayStartImport, lines, 500);
        org.assertj.core.api.Assertions.assertThat(Identifiers.mayStartImport("    if (x) {")).isFalse();
        org.assertj.core.api.Assertions.assertThat(Identifiers.mayStartImport("public final class A {")).isFalse();
    }
}
