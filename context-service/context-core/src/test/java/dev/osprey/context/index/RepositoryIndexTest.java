package dev.osprey.context.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.context.chunk.Chunker;
import dev.osprey.context.chunk.CodeChunk;
import dev.osprey.context.chunk.CodeChunker;
import dev.osprey.context.embed.HashingEmbedder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryIndexTest {
    @TempDir
    Path root;

    /** Records which files were chunked. */
    static final class CountingChunker implements Chunker {
        final List<String> chunked = new ArrayList<>();
        final CodeChunker delegate = new CodeChunker();

        @Override
        public synchronized List<CodeChunk> chunk(String path, String content) {
            chunked.add(path);
            return delegate.chunk(path, content);
        }
    }

    private static Map<String, byte[]> files(String... pathsAndTexts) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            m.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        return RepositoryIndex.utf8(m);
    }

    private static final String USERS = """
            def load_user_profile(user_id):
                return db.fetch("profiles", user_id)

            def delete_account(user_id):
                db.remove("accounts", user_id)
            """;
    private static final String ORDERS = """
            class Orders {
                int countOrders(String customer) {
                    return repository.count(customer);
                }
            }
            """;

    @Test
    void symbolsFollowUpdatesAndDeletesAndSurviveReopening() throws Exception {
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults())) {
            index.sync(files("users.py", USERS, "Orders.java", ORDERS));
            assertThat(index.symbols().named("load_user_profile")).hasSize(1);
            index.update(files("users.py", "def renamed(user_id):\n    pass\n"));
            assertThat(index.symbols().named("load_user_profile")).isEmpty();
            assertThat(index.symbols().named("renamed")).hasSize(1);
            index.delete("Orders.java");
            assertThat(index.symbols().named("countOrders")).isEmpty();
            assertThat(index.symbols().contains("Orders.java")).isFalse();
        }
        try (RepositoryIndex reopened = RepositoryIndex.open(root, "repo", IndexOptions.defaults())) {
            assertThat(reopened.symbols().fileCount()).isEqualTo(1);
            assertThat(reopened.symbols().named("renamed").getFirst().signature()).isEqualTo("def renamed(user_id)");
            assertThat(reopened.update(files("users.py", "def renamed(user_id):\n    pass\n")).unchanged())
                    .containsExactly("users.py");
            assertThat(reopened.lines("users.py", 2, 2)).contains("    pass");
        }
    }

    @Test
    void reindexesOnlyChangedFiles() throws Exception {
        CountingChunker chunker = new CountingChunker();
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults().withChunker(chunker))) {
            IndexUpdate first = index.update(files("users.py", USERS, "Orders.java", ORDERS));
            assertThat(first.indexed()).containsExactly("Orders.java", "users.py");
            assertThat(chunker.chunked).hasSize(2);
            IndexUpdate second = index.update(files("users.py", USERS, "Orders.java", ORDERS.replace("count", "tally")));
            assertThat(second.indexed()).containsExactly("Orders.java");
            assertThat(second.unchanged()).containsExactly("users.py");
            assertThat(chunker.chunked).hasSize(3);
            assertThat(index.fileCount()).isEqualTo(2);
            assertThat(index.chunkCount()).isEqualTo(2 + 2);
            assertThat(index.search("countOrders", 5, SearchMode.BM25)).extracting(SearchHit::symbol)
                    .doesNotContain("Orders.countOrders");
            assertThat(index.search("tallyOrders", 5, SearchMode.BM25).getFirst().symbol()).isEqualTo("Orders.tallyOrders");
        }
    }

    @Test
    void syncDeletesMissingFilesAndDeleteRemovesOne() throws Exception {
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults())) {
            index.update(files("users.py", USERS, "Orders.java", ORDERS, "b.py", "x = 1\n"));
            IndexUpdate sync = index.sync(files("users.py", USERS, "Orders.java", ORDERS));
            assertThat(sync.deleted()).containsExactly("b.py");
            assertThat(sync.indexed()).isEmpty();
            assertThat(index.delete("users.py")).isTrue();
            assertThat(index.delete("users.py")).isFalse();
            assertThat(index.paths()).containsExactly("Orders.java");
            assertThat(index.chunkCount()).isEqualTo(2);
            assertThat(index.search("load_user_profile", 5, SearchMode.BM25)).isEmpty();
        }
    }

    @Test
    void survivesCloseAndReopen() throws Exception {
        HashingEmbedder embedder = new HashingEmbedder();
        IndexOptions options = IndexOptions.defaults().withEmbedder(embedder);
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", options)) {
            index.update(files("users.py", USERS, "Orders.java", ORDERS));
        }
        CountingChunker chunker = new CountingChunker();
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", options.withChunker(chunker))) {
            assertThat(index.fileCount()).isEqualTo(2);
            assertThat(index.chunkCount()).isEqualTo(4);
            assertThat(index.update(files("users.py", USERS)).unchanged()).containsExactly("users.py");
            assertThat(chunker.chunked).isEmpty();
            assertThat(index.search("loadUserProfile", 1, SearchMode.HYBRID).getFirst().symbol()).isEqualTo("load_user_profile");
        }
    }

    @Test
    void camelCaseQueryFindsSnakeCaseDefinition() throws Exception {
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults())) {
            index.update(files("users.py", USERS, "Orders.java", ORDERS,
                    "profile.js", "function renderProfile(p) {\n  return '<div>' + p.name + '</div>';\n}\n"));
            List<SearchHit> hits = index.search("profile = loadUserProfile(userId)", 3, SearchMode.BM25);
            assertThat(hits.getFirst().path()).isEqualTo("users.py");
            assertThat(hits.getFirst().symbol()).isEqualTo("load_user_profile");
            assertThat(hits.getFirst().startLine()).isEqualTo(1);
            assertThat(hits.getFirst().endLine()).isEqualTo(3);
            assertThat(hits.getFirst().language()).isEqualTo("python");
            assertThat(hits.getFirst().retrievers()).containsExactly(Retriever.BM25);
        }
    }

    @Test
    void hybridReportsBothRetrievers() throws Exception {
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults().withEmbedder(new HashingEmbedder()))) {
            index.update(files("users.py", USERS, "Orders.java", ORDERS));
            SearchHit top = index.search("countOrders customer", 1, SearchMode.HYBRID).getFirst();
            assertThat(top.symbol()).isEqualTo("Orders.countOrders");
            assertThat(top.retrievers()).containsExactlyInAnyOrder(Retriever.BM25, Retriever.DENSE);
            assertThat(top.score()).isLessThanOrEqualTo(2.0 / 61 + 1e-9);
            assertThat(index.search("countOrders customer", 1, SearchMode.DENSE).getFirst().retrievers())
                    .containsExactly(Retriever.DENSE);
        }
    }

    @Test
    void nearDuplicatesAreDroppedAndHitsPerFileCapped() throws Exception {
        String fn = "def parse_config(path):\n    with open(path) as f:\n        return json.load(f)\n";
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            many.append("def parse_config_").append(i).append("(path):\n    return parse(path, ").append(i).append(")\n\n");
        }
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults())) {
            index.update(files("a/config.py", fn, "b/config.py", fn.replace("    ", "  "), "many.py", many.toString()));
            List<SearchHit> hits = index.search("parse_config path", 10, SearchMode.BM25);
            assertThat(hits.stream().filter(h -> h.path().endsWith("/config.py"))).hasSize(1);
            assertThat(hits.stream().filter(h -> h.path().equals("many.py"))).hasSize(2);
        }
        assertThat(new NearDuplicates(0.9).accept("a b c")).isTrue();
        NearDuplicates d = new NearDuplicates(0.9);
        assertThat(d.accept("int total = price * count;")).isTrue();
        assertThat(d.accept("int  total =\n price * count;")).isFalse();
        assertThat(d.accept("int total = price * amount;")).isTrue();
    }

    @Test
    void badFilesAreSkippedAndReported() throws Exception {
        Map<String, byte[]> input = new LinkedHashMap<>();
        input.put("big.py", "x = 1\n".repeat(100).getBytes(StandardCharsets.UTF_8));
        input.put("latin1.py", new byte[] {'x', '=', '"', (byte) 0xE9, '"', '\n'});
        input.put("image.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        input.put("../escape.py", "x = 1\n".getBytes(StandardCharsets.UTF_8));
        input.put("ok.py", "x = 1\n".getBytes(StandardCharsets.UTF_8));
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults().withMaxFileBytes(100))) {
            IndexUpdate update = index.update(input);
            assertThat(update.indexed()).containsExactly("ok.py");
            assertThat(update.skipped()).containsExactly(
                    new SkippedFile("../escape.py", "unsafe path"),
                    new SkippedFile("big.py", "oversized: 600 bytes > 100"),
                    new SkippedFile("image.png", "binary"),
                    new SkippedFile("latin1.py", "invalid UTF-8"));
        }
    }

    @Test
    void failingEmbedderLeavesTheIndexAsItWas() throws Exception {
        HashingEmbedder good = new HashingEmbedder();
        dev.osprey.context.embed.Embedder failing = new dev.osprey.context.embed.Embedder() {
            @Override
            public String name() {
                return good.name();
            }

            @Override
            public int dimension() {
                return good.dimension();
            }

            @Override
            public float[][] embed(List<String> texts) {
                throw new IllegalStateException("model crashed");
            }
        };
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults().withEmbedder(good))) {
            index.update(files("users.py", USERS));
        }
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults().withEmbedder(failing))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> index.update(files("Orders.java", ORDERS)))
                    .hasMessage("model crashed");
            assertThat(index.paths()).containsExactly("users.py");
            assertThat(index.chunkCount()).isEqualTo(2);
        }
    }

    @Test
    void emptyRepositorySearchesToNothing() throws Exception {
        try (RepositoryIndex index = RepositoryIndex.open(root, "empty", IndexOptions.defaults().withEmbedder(new HashingEmbedder()))) {
            assertThat(index.fileCount()).isZero();
            assertThat(index.chunkCount()).isZero();
            for (SearchMode mode : SearchMode.values()) {
                assertThat(index.search("anything at all", 10, mode)).isEmpty();
            }
            assertThat(index.search("   ", 10, SearchMode.HYBRID)).isEmpty();
        }
    }

    @Test
    void linesAreAssembledFromTheChunksTheRangeOverlaps() throws Exception {
        try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults())) {
            index.update(files("users.py", USERS, "Orders.java", ORDERS));
            // users.py is two chunks: lines 1-3 (load_user_profile and the blank line after it) and 4-5
            assertThat(index.lines("users.py", 2, 4)).contains(
                    "    return db.fetch(\"profiles\", user_id)\n\ndef delete_account(user_id):");
            assertThat(index.lines("users.py", 5, 5)).contains("    db.remove(\"accounts\", user_id)");
            assertThat(index.lines("users.py", 1, 1000)).contains(USERS.stripTrailing());
            assertThat(index.lines("users.py", 40, 50)).isEmpty();
            assertThat(index.lines("missing.py", 1, 2)).isEmpty();
        }
    }

    @Test
    void anIndexWrittenInTheFirstLayoutKeepsItsChunksAndReadsTheirLines() throws Exception {
        java.nio.file.Path directory = root.resolve("repo");
        try (org.apache.lucene.store.Directory d = org.apache.lucene.store.FSDirectory.open(directory);
             org.apache.lucene.index.IndexWriter writer = new org.apache.lucene.index.IndexWriter(d,
                     new org.apache.lucene.index.IndexWriterConfig())) {
            // a chunk as layout 1 wrote it: lines stored, not indexed; no layout key in the commit data
            org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
            doc.add(new org.apache.lucene.document.StringField("type", "chunk", org.apache.lucene.document.Field.Store.NO));
            doc.add(new org.apache.lucene.document.StringField("path", "old.py", org.apache.lucene.document.Field.Store.YES));
            doc.add(new org.apache.lucene.document.StoredField("start", 1));
            doc.add(new org.apache.lucene.document.StoredField("end", 2));
            doc.add(new org.apache.lucene.document.StoredField("text", "def old():\n    return 1"));
            writer.addDocument(doc);
            writer.setLiveCommitData(Map.of("embedder", "none").entrySet());
            writer.commit();
        }
        for (int open = 0; open < 2; open++) {
            try (RepositoryIndex index = RepositoryIndex.open(root, "repo", IndexOptions.defaults())) {
                assertThat(index.lines("old.py", 2, 2)).contains("    return 1");
                index.update(files("users.py", USERS));
                assertThat(index.lines("users.py", 4, 5)).contains(
                        "def delete_account(user_id):\n    db.remove(\"accounts\", user_id)");
                assertThat(index.lines("old.py", 1, 2)).contains("def old():\n    return 1");
            }
        }
        // another embedder clears it: the chunks written next take the current layout
        try (RepositoryIndex cleared = RepositoryIndex.open(root, "repo",
                IndexOptions.defaults().withEmbedder(new HashingEmbedder()))) {
            assertThat(cleared.chunkCount()).isZero();
            cleared.update(files("users.py", USERS));
            assertThat(cleared.lines("users.py", 5, 5)).contains("    db.remove(\"accounts\", user_id)");
        }
        try (RepositoryIndex fresh = RepositoryIndex.open(root, "fresh", IndexOptions.defaults())) {
            fresh.update(files("users.py", USERS));
            assertThat(fresh.lines("users.py", 2, 2)).contains("    return db.fetch(\"profiles\", user_id)");
        }
    }

    /** Every range of a many-chunk file reads exactly the file's lines, whichever chunks it overlaps. */
    @Test
    void everyRangeOfAManyChunkFileReadsItsLines() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int f = 0; f < 40; f++) {
            text.append("def step_").append(f).append("(x):\n    y = x * ").append(f).append("\n    return y + ")
                    .append(f).append("\n\n");
        }
        String source = text.toString();
        String[] lines = source.split("\n", -1);
        try (RepositoryIndex index = RepositoryIndex.open(root, "many", IndexOptions.defaults())) {
            index.update(files("steps.py", source, "other.py", source.replace("step_", "other_")));
            assertThat(index.chunkCount()).isGreaterThan(10);
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < 200; i++) {
                int start = 1 + random.nextInt(lines.length - 1);
                int end = Math.min(lines.length - 1, start + random.nextInt(30));
                String expected = String.join("\n", java.util.Arrays.asList(lines).subList(start - 1, end));
                assertThat(index.lines("steps.py", start, end)).as("lines %d-%d", start, end).contains(expected);
            }
        }
    }

    /** A query of more terms than are scored still finds the chunk that holds its rare ones; absent terms count not. */
    @Test
    void aLongQueryIsScoredWithItsRarestTermsTheIndexHolds() throws Exception {
        Map<String, String> sources = new java.util.TreeMap<>();
        StringBuilder common = new StringBuilder();
        for (int w = 0; w < 80; w++) {
            common.append(" common").append((char) ('a' + w % 26)).append((char) ('a' + w / 26));
        }
        for (int f = 0; f < 30; f++) {
            sources.put("f" + f + ".py", "def g" + f + "():\n    return \"" + common + "\"\n");
        }
        sources.put("rare.py", "def h():\n    return \"zebrafinch quokka\"\n");
        StringBuilder query = new StringBuilder(common);
        for (int w = 0; w < 200; w++) {
            query.append(" absent").append(w);
        }
        query.append(" zebrafinch quokka");
        try (RepositoryIndex index = RepositoryIndex.open(root, "rare", IndexOptions.defaults())) {
            Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
            sources.forEach((path, text) -> bytes.put(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            index.update(bytes);
            assertThat(index.search(query.toString(), 3, SearchMode.BM25)).first()
                    .extracting(SearchHit::path).isEqualTo("rare.py");
        }
    }

    /** Lines read before a file changed are not served after it. */
    @Test
    void aChangedFilesLinesAreReadAnew() throws Exception {
        try (RepositoryIndex index = RepositoryIndex.open(root, "changing", IndexOptions.defaults())) {
            index.update(files("users.py", USERS));
            assertThat(index.lines("users.py", 5, 5)).contains("    db.remove(\"accounts\", user_id)");
            assertThat(index.lines("users.py", 5, 5)).contains("    db.remove(\"accounts\", user_id)");
            index.update(files("users.py", USERS.replace("accounts", "members")));
            assertThat(index.lines("users.py", 5, 5)).contains("    db.remove(\"members\", user_id)");
            index.delete("users.py");
            assertThat(index.lines("users.py", 5, 5)).isEmpty();
        }
    }
}

