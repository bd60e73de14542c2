package dev.osprey.standalone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionSitesTest {
    private static final String TARGET = "lib/com/acme/base/Supplier.java";

    @Test
    void aNameTheUsingFileBindsItselfIsNotACrossFileCase() {
        assertThat(DefinitionSites.boundElsewhere("import java.util.function.Supplier;\nSupplier<T> s;", "Supplier",
                TARGET)).as("imported from another package").isTrue();
        assertThat(DefinitionSites.boundElsewhere("import com.acme.base.Supplier;\nSupplier<T> s;", "Supplier",
                TARGET)).as("imported from the target's file").isFalse();
        assertThat(DefinitionSites.boundElsewhere("import static com.acme.base.Supplier.memoize;\nmemoize(x);",
                "memoize", TARGET)).as("statically imported from the target's class").isFalse();
        assertThat(DefinitionSites.boundElsewhere("long remainingNanos = 5;\nuse(remainingNanos);", "remainingNanos",
                TARGET)).as("a local variable").isTrue();
        assertThat(DefinitionSites.boundElsewhere("void f(String message) {\n  log(message);\n}", "message", TARGET))
                .as("a parameter").isTrue();
        assertThat(DefinitionSites.boundElsewhere("def f(self, since):\n    return since\n", "since", "a/util.py"))
                .as("a Python parameter").isTrue();
        assertThat(DefinitionSites.boundElsewhere("from ._tokenizer import Tokenizer\n"
                + "def parse(tokenizer: Tokenizer) -> None:\n    try:\n        pass\n    except Tokenizer:\n        pass\n",
                "Tokenizer", "p/_tokenizer.py")).as("a Python annotation and an except clause").isFalse();
        assertThat(DefinitionSites.boundElsewhere("return tableSize;\n", "tableSize", TARGET))
                .as("a use after return").isFalse();
        assertThat(DefinitionSites.boundElsewhere("from .shapes import polygon_area\nx = polygon_area(p)\n",
                "polygon_area", "geo/shapes.py")).isFalse();
        assertThat(DefinitionSites.boundElsewhere("from other import polygon_area\n", "polygon_area", "geo/shapes.py"))
                .isTrue();
        assertThat(DefinitionSites.boundElsewhere("import { map } from '../operators/map';\nmap(f);", "map",
                "src/internal/operators/map.ts")).isFalse();
        assertThat(DefinitionSites.boundElsewhere("/**\n * Delays the source by another Observable\n */\n"
                + "const o = x as Observable<T>;\n", "Observable", "src/internal/Observable.ts"))
                .as("prose in a comment, a TypeScript type assertion").isFalse();
    }

    @Test
    void casesLeaveSuchSitesOut() {
        Map<String, String> files = Map.of(
                "geo/shapes.py", "def polygon_area(points):\n    return 0\n\n\ndef circle_area(r):\n    return 3 * r\n",
                "app/main.py", "from geo.shapes import polygon_area\n\nprint(polygon_area([]))\n",
                "app/local.py", "circle_area = 4\nprint(circle_area)\n");
        List<DefinitionSites.Case> cases = DefinitionSites.cases(files, 10, 1);
        assertThat(cases).extracting(c -> c.path() + ":" + c.line() + " " + c.target().name())
                .containsExactly("app/main.py:3 polygon_area");
    }
}
