package dev.osprey.context.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.osprey.context.index.IndexOptions;
import dev.osprey.context.index.RepositoryIndex;
import dev.osprey.context.index.SearchMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CursorRetrieverTest {
    @TempDir
    Path root;

    private static final String GEOMETRY = """
            class Polygon:
                \"\"\"A closed shape of straight sides.\"\"\"

                def area(self) -> float:
                    return 0.0

                def perimeter(self) -> float:
                    return 0.0


            def polygon_area(points):
                \"\"\"Shoelace area of the points, in order.\"\"\"
                total = 0
                for a, b in zip(points, points[1:]):
                    total += a[0] * b[1] - b[0] * a[1]
                return abs(total) / 2
            """;

    /** Files that look like the code at the cursor, but define nothing it uses. */
    private static Map<String, String> lookalikes(int n) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            files.put("report/page" + i + ".py", "def render_page" + i + "(points, total):\n"
                    + "    total = sum(p[0] for p in points)\n    return total\n");
        }
        return files;
    }

    private RepositoryIndex index(Map<String, String> files) throws Exception {
        RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults());
        index.sync(RepositoryIndex.utf8(files));
        return index;
    }

    @Test
    void theImportedDefinitionAtTheCursorComesFirstWithItsScoreSpelledOut() throws Exception {
        Map<String, String> files = new LinkedHashMap<>(lookalikes(20));
        files.put("geo/shapes.py", GEOMETRY);
        try (RepositoryIndex index = index(files)) {
            String prefix = "from geo.shapes import polygon_area\n\n\ndef report(points):\n    total = sum(p[0] for p in points)\n    return polygon_area(";
            List<Candidate> found = new CursorRetriever(index).retrieve(new CursorRequest("app/main.py", prefix, ")\n", 5));
            Candidate first = found.getFirst();
            assertEquals("geo/shapes.py", first.path());
            assertEquals("polygon_area", first.symbol());
            assertEquals(11, first.startLine());
            assertEquals(16, first.endLine());
            assertEquals("def polygon_area(points)\n\"\"\"Shoelace area of the points, in order.\"\"\"".length(),
                    first.skeleton().length());
            assertTrue(first.body().startsWith("def polygon_area(points):"));
            Score s = first.score();
            assertEquals(1.0, s.evidence());
            assertEquals(1.0, s.closeness()); // used on the cursor's line
            assertEquals(1.0, s.importProximity());
            assertEquals(0.45 + 0.25 + 0.15 + 0.15 * s.bm25(), s.total(), 1e-12);
            assertTrue(first.reason().startsWith("function geo.shapes.polygon_area used as 'polygon_area' 0 lines from"
                    + " the cursor, imported;"), first.reason());
            // the look-alikes only come from BM25: no evidence, below the definition
            for (Candidate c : found.subList(1, found.size())) {
                assertEquals(0.0, c.score().evidence());
                assertEquals("", c.skeleton());
            }
        }
    }

    /**
     * The text search on another thread gives the same candidates as on the caller's; an executor that holds the
     * search without starting it delays nothing: the caller searches when it needs the hits.
     */
    @Test
    void theTextSearchBesideTheNamesGivesTheSameCandidatesWhicheverThreadRunsIt() throws Exception {
        Map<String, String> files = new LinkedHashMap<>(lookalikes(20));
        files.put("geo/shapes.py", GEOMETRY);
        try (RepositoryIndex index = index(files)) {
            CursorRequest request = new CursorRequest("app/main.py", "from geo.shapes import polygon_area\n\n\n"
                    + "def report(points):\n    total = sum(p[0] for p in points)\n    return polygon_area(", ")\n", 8);
            List<Candidate> inline = new CursorRetriever(index).retrieve(request);
            assertTrue(inline.stream().anyMatch(c -> c.score().bm25() > 0), inline.toString());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                assertEquals(inline, new CursorRetriever(index, pool).retrieve(request));
            } finally {
                pool.shutdown();
            }
            List<Runnable> held = new java.util.ArrayList<>();
            assertEquals(inline, new CursorRetriever(index, held::add).retrieve(request));
            assertEquals(1, held.size());
            held.getFirst().run(); // the executor starting it late finds it done: nothing changes
            assertEquals(inline, new CursorRetriever(index, task -> {
                throw new java.util.concurrent.RejectedExecutionException("full");
            }).retrieve(request));
        }
    }

    @Test
    void aClassShowsItsDocSignatureAndMemberSignatures() throws Exception {
        try (RepositoryIndex index = index(Map.of("geo/shapes.py", GEOMETRY))) {
            List<Candidate> found = new CursorRetriever(index).retrieve(new CursorRequest("app/main.py",
                    "from geo.shapes import Polygon\n\nclass Square(Polygon):\n    def area(self):\n        ", "", 1));
            assertEquals("Polygon", found.getFirst().symbol());
            // the docstring is the body's first statement: doc first, then the signature and the members'
            assertEquals("\"\"\"A closed shape of straight sides.\"\"\"\nclass Polygon\n    def area(self) -> float\n"
                    + "    def perimeter(self) -> float", found.getFirst().skeleton());
        }
    }

    @Test
    void aNameDefinedInHundredsOfFilesIsNoEvidenceUnlessImported() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            files.put("jobs/job" + i + ".py", "def run(config):\n    return " + i + "\n");
        }
        try (RepositoryIndex index = index(files)) {
            CursorRetriever retriever = new CursorRetriever(index);
            List<Candidate> bare = retriever.retrieve(new CursorRequest("main.py", "result = run(", ")", 10));
            assertTrue(bare.stream().allMatch(c -> c.score().evidence() == 0), bare.toString());
            List<Candidate> imported = retriever.retrieve(new CursorRequest("main.py",
                    "from jobs.job7 import run\nresult = run(", ")", 10));
            assertEquals("jobs/job7.py", imported.getFirst().path());
            assertEquals(1.0, imported.getFirst().score().evidence());
            assertEquals(1, imported.stream().filter(c -> c.score().evidence() > 0).count());
        }
    }

    @Test
    void importCyclesAreFollowedTwoStepsOnce() throws Exception {
        Map<String, String> files = Map.of(
                "pkg/a.py", "from pkg.b import B\ndef alpha():\n    return B()\n",
                "pkg/b.py", "from pkg.a import alpha\nclass B:\n    def beta_step(self):\n        return alpha()\n",
                "pkg/c.py", "from pkg.a import alpha\ndef gamma():\n    return alpha()\n",
                "other/d.py", "class D:\n    def delta_step(self):\n        pass\n");
        try (RepositoryIndex index = index(files)) {
            // from app/main.py: a is imported (1.0), b is imported by a (0.25), d is unrelated (0); the methods are
            // tied by their unique names, gamma (defined, but not imported) not at all
            List<Candidate> found = new CursorRetriever(index).retrieve(new CursorRequest("app/main.py",
                    "from pkg.a import alpha\nalpha()\nobj.beta_step()\nobj.delta_step()\ngamma()\n", "", 10));
            Map<String, Double> proximity = new LinkedHashMap<>();
            found.stream().filter(c -> !c.symbol().isEmpty() && c.score().evidence() > 0)
                    .forEach(c -> proximity.put(c.symbol(), c.score().importProximity()));
            assertEquals(Map.of("alpha", 1.0, "B.beta_step", 0.25, "D.delta_step", 0.0), proximity);
        }
    }

    @Test
    void unparseableFilesStillIndexAsTextAndAreFoundByBm25() throws Exception {
        String broken = "}}} def ( ( ( zebra_quantum_flux\n".repeat(40);
        try (RepositoryIndex index = index(Map.of("broken.py", broken, "ok.py", "def fine():\n    pass\n"))) {
            assertEquals("text", index.symbols().file("broken.py").language());
            assertEquals("python", index.symbols().file("ok.py").language());
            List<Candidate> found = new CursorRetriever(index).retrieve(new CursorRequest("main.py",
                    "x = zebra_quantum_flux", "", 3));
            assertEquals("broken.py", found.getFirst().path());
            assertEquals("", found.getFirst().skeleton());
            assertEquals(1, index.search("zebra_quantum_flux", 3, SearchMode.BM25).size());
        }
    }

    @Test
    void theCurrentFilesOwnDefinitionsAreLeftOut() throws Exception {
        try (RepositoryIndex index = index(Map.of("geo/shapes.py", GEOMETRY))) {
            List<Candidate> found = new CursorRetriever(index).retrieve(new CursorRequest("geo/shapes.py",
                    GEOMETRY + "\nprint(polygon_area([]))\n", "", 5));
            assertTrue(found.stream().noneMatch(c -> c.path().equals("geo/shapes.py")), found.toString());
        }
    }

    @Test
    void recentFilesReplaceTheIndexedCopyAndReachFilesNotIndexedYet() throws Exception {
        Map<String, String> files = new LinkedHashMap<>(lookalikes(5));
        files.put("geo/shapes.py", GEOMETRY);
        try (RepositoryIndex index = index(files)) {
            String edited = "import math\n\n\ndef polygon_area(points, scale=1):\n    \"\"\"Shoelace area, scaled.\"\"\"\n"
                    + "    return scale * math.fsum(points)\n";
            String fresh = "def fresh_helper(x):\n    return x + 1\n";
            String prefix = "from geo.shapes import polygon_area, Polygon\n\n\ndef report(points):\n"
                    + "    return fresh_helper(polygon_area(";
            List<RecentFile> recent = List.of(new RecentFile("geo/shapes.py", edited),
                    new RecentFile("util/new_file.py", fresh), new RecentFile("app/main.py", "stale copy of the file"));
            List<Candidate> found = new CursorRetriever(index).retrieve(
                    new CursorRequest("app/main.py", prefix, "))\n", 5, recent));
            Candidate area = found.stream().filter(c -> c.symbol().equals("polygon_area")).findFirst().orElseThrow();
            assertEquals(4, area.startLine()); // the recent copy's lines, not the index's 11-16
            assertTrue(area.body().contains("math.fsum"), area.body());
            assertTrue(area.reason().contains("imported (text from the client's recent copy)"), area.reason());
            Candidate helper = found.stream().filter(c -> c.symbol().equals("fresh_helper")).findFirst().orElseThrow();
            assertEquals("util/new_file.py", helper.path());
            assertEquals(Score.evidence(dev.osprey.context.symbol.Evidence.RECENT), helper.score().evidence());
            assertTrue(helper.reason().contains("defined in a recently opened or edited file"), helper.reason());
            // Polygon is gone from the recent copy: neither its indexed definition nor BM25 text of that file returns
            assertTrue(found.stream().noneMatch(c -> c.symbol().equals("Polygon") || c.symbol().startsWith("Polygon.")),
                    found.toString());
            assertTrue(found.stream().filter(c -> c.path().equals("geo/shapes.py"))
                    .allMatch(c -> c.symbol().equals("polygon_area")), found.toString());
        }
    }

    @Test
    void aChatMessageGetsTheDefinitionsItNamesAsCodeFirst() throws Exception {
        Map<String, String> files = new LinkedHashMap<>(lookalikes(20));
        files.put("geo/shapes.py", GEOMETRY);
        try (RepositoryIndex index = index(files)) {
            List<Candidate> found = new CursorRetriever(index).retrieveForMessage(
                    "Why is polygon_area off by two for the points in my total?", 5, SearchMode.HYBRID);
            Candidate first = found.getFirst();
            assertEquals("polygon_area", first.symbol());
            assertEquals(Score.evidence(dev.osprey.context.symbol.Evidence.UNIQUE), first.score().evidence());
            for (Candidate c : found.subList(1, found.size())) {
                assertEquals(0.0, c.score().evidence());
                assertTrue(c.reason().startsWith("hybrid match for the message;"), c.reason());
            }
            // prose alone ties nothing: only text matches
            assertTrue(new CursorRetriever(index).retrieveForMessage("what renders the page total", 5,
                    SearchMode.BM25).stream().allMatch(c -> c.score().evidence() == 0));
        }
    }

    /** The query is the prefix's last lines and the suffix's first, however the prefix ends. */
    @Test
    void queryIsTheLinesAroundTheCursor() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        String[] breaks = {"\n", "\r\n", "\r", "\n\n"};
        for (int round = 0; round < 300; round++) {
            StringBuilder prefix = new StringBuilder();
            int lines = random.nextInt(60);
            for (int i = 0; i < lines; i++) {
                prefix.append(random.nextInt(3) == 0 ? "" : "line" + i).append(breaks[random.nextInt(breaks.length)]);
            }
            if (random.nextBoolean()) {
                prefix.append("partial").append(random.nextInt(9));
            }
            String suffix = "rest of the line\nnext();\n".repeat(random.nextInt(8));
            java.util.List<String> all = prefix.toString().lines().toList();
            String expected = (String.join("\n", all.subList(Math.max(0, all.size() - CursorRetriever.QUERY_PREFIX_LINES),
                    all.size())) + "\n" + String.join("\n", suffix.lines().limit(CursorRetriever.QUERY_SUFFIX_LINES)
                    .toList())).strip();
            assertEquals(expected, CursorRetriever.query(prefix.toString(), suffix), "round " + round);
        }
    }
}
