package dev.osprey.context.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CodeChunkerTest {
    private final CodeChunker chunker = new CodeChunker();

    private List<String> outline(String path, String content) {
        return chunker.chunk(path, content).stream()
                .map(c -> c.startLine() + "-" + c.endLine() + " " + c.kind() + " " + c.symbol())
                .toList();
    }

    @Test
    void javaClassWithNestedClass() {
        assertThat(outline("src/demo/Cache.java", Snippets.JAVA)).containsExactly(
                "1-5 BLOCK ", "6-10 TYPE Cache", "11-19 FUNCTION Cache.get", "20-22 TYPE Cache.Stats",
                "23-27 FUNCTION Cache.Stats.hitRate");
        CodeChunk get = chunker.chunk("src/demo/Cache.java", Snippets.JAVA).get(2);
        assertThat(get.language()).isEqualTo("java");
        assertThat(get.imports()).containsExactly("package demo.cache;", "import java.util.HashMap;", "import java.util.Map;");
        assertThat(get.text()).startsWith("    /** Looks up a key. */\n    public Integer get(String key) {");
    }

    @Test
    void python() {
        assertThat(outline("walker.py", Snippets.PYTHON)).containsExactly(
                "1-6 BLOCK ", "7-9 TYPE Walker", "10-12 FUNCTION Walker.__init__", "13-17 FUNCTION Walker.list_files",
                "18-19 FUNCTION main");
        assertThat(chunker.chunk("walker.py", Snippets.PYTHON).get(3).text()).startsWith("    @staticmethod");
    }

    @Test
    void javascript() {
        assertThat(outline("loader.js", Snippets.JAVASCRIPT)).containsExactly(
                "1-2 BLOCK ", "3-3 TYPE Loader", "4-7 FUNCTION Loader.constructor", "8-12 FUNCTION Loader.load",
                "13-15 FUNCTION parseJson");
    }

    @Test
    void typescript() {
        assertThat(outline("router.ts", Snippets.TYPESCRIPT)).containsExactly(
                "1-2 BLOCK ", "3-6 TYPE Handler", "7-9 TYPE Router", "10-14 FUNCTION Router.handle", "15-17 FUNCTION route");
    }

    @Test
    void goMethodsTakeTheirReceiverType() {
        assertThat(outline("server.go", Snippets.GO)).containsExactly(
                "1-7 BLOCK ", "8-11 TYPE Server", "12-16 FUNCTION Server.Start", "17-19 FUNCTION NewServer");
        assertThat(chunker.chunk("server.go", Snippets.GO).get(0).imports())
                .containsExactly("package server", "import ( \"fmt\" \"net/http\" )");
    }

    @Test
    void rustImplBlocks() {
        assertThat(outline("counter.rs", Snippets.RUST)).containsExactly(
                "1-2 BLOCK ", "3-6 TYPE Counter", "7-7 TYPE Counter", "8-11 FUNCTION Counter.add",
                "12-16 FUNCTION Counter.get", "17-20 FUNCTION main");
    }

    @Test
    void c() {
        assertThat(outline("buffer.c", Snippets.C)).containsExactly(
                "1-5 BLOCK ", "6-9 FUNCTION buffer_length", "10-12 FUNCTION print_buffer");
        assertThat(chunker.chunk("buffer.c", Snippets.C).get(1).imports())
                .containsExactly("#include <stdio.h>", "#include \"buffer.h\"");
    }

    @Test
    void cppNamespacesAndClasses() {
        assertThat(outline("polygon.cpp", Snippets.CPP)).containsExactly(
                "1-2 BLOCK ", "3-4 TYPE geo", "5-6 TYPE geo.Polygon", "7-8 FUNCTION geo.Polygon.Polygon",
                "9-11 FUNCTION geo.Polygon.area", "12-16 TYPE geo.Polygon", "17-19 FUNCTION geo.perimeter",
                "20-21 TYPE geo");
    }

    @Test
    void otherLanguagesFallBackToOverlappingLineWindows() {
        String text = IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).reduce((a, b) -> a + "\n" + b).orElseThrow();
        List<CodeChunk> chunks = chunker.chunk("notes/README.md", text);
        assertThat(chunks).extracting(c -> c.startLine() + "-" + c.endLine()).containsExactly("1-40", "31-70", "61-100");
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(ChunkKind.WINDOW);
            assertThat(c.language()).isEqualTo("text");
        });
        assertThat(chunks.get(1).text()).startsWith("line 31\n").endsWith("line 70");
    }

    @Test
    void mostlyUnparseableSourceFallsBackToWindows() {
        String garbage = "}}} class ( ( ( \n".repeat(50);
        List<CodeChunk> chunks = chunker.chunk("Broken.java", garbage);
        assertThat(chunks).extracting(c -> c.startLine() + "-" + c.endLine()).containsExactly("1-40", "31-50");
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.kind()).isEqualTo(ChunkKind.WINDOW);
            assertThat(c.language()).isEqualTo("java");
        });
    }

    @Test
    void largeFunctionIsSplitIntoWindowsKeepingItsSymbol() {
        StringBuilder body = new StringBuilder("class Big {\n    void huge() {\n");
        for (int i = 0; i < 200; i++) {
            body.append("        call").append(i).append("();\n");
        }
        body.append("    }\n}\n");
        List<CodeChunk> chunks = chunker.chunk("Big.java", body.toString());
        List<CodeChunk> huge = chunks.stream().filter(c -> c.symbol().equals("Big.huge")).toList();
        assertThat(huge).hasSize(7);
        assertThat(huge.getFirst().startLine()).isEqualTo(2);
        assertThat(huge.getLast().endLine()).isEqualTo(204);
        assertThat(huge).allSatisfy(c -> assertThat(c.lineCount()).isLessThanOrEqualTo(40));
    }

    @Test
    void emptyFileHasNoChunks() {
        assertThat(chunker.chunk("Empty.java", "")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.java", "a.py", "a.js", "a.ts", "a.go", "a.rs", "a.c", "a.cpp", "a.txt"})
    void everyLineBelongsToSomeChunk(String path) {
        Random random = new Random(42);
        String[] sources = {Snippets.JAVA, Snippets.PYTHON, Snippets.JAVASCRIPT, Snippets.TYPESCRIPT, Snippets.GO,
                Snippets.RUST, Snippets.C, Snippets.CPP};
        for (int trial = 0; trial < 20; trial++) {
            // concatenations and truncations of the snippets, parsed as the path's language: valid and broken code
            String source = sources[random.nextInt(sources.length)] + sources[random.nextInt(sources.length)];
            source = source.substring(0, random.nextInt(source.length() + 1));
            String[] lines = CodeChunker.lines(source);
            boolean[] covered = new boolean[lines.length];
            for (CodeChunk c : chunker.chunk(path, source)) {
                String[] chunkLines = c.text().split("\n", -1);
                for (int line = c.startLine(); line <= c.endLine(); line++) {
                    covered[line - 1] = true;
                    assertThat(lines[line - 1]).isEqualTo(chunkLines[line - c.startLine()]);
                }
            }
            for (int i = 0; i < covered.length; i++) {
                assertThat(covered[i]).as("line %d of trial %d in %s", i + 1, trial, path).isTrue();
            }
        }
    }
}
