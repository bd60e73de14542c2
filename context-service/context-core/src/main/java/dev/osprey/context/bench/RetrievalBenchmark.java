package dev.osprey.context.bench;

import dev.osprey.context.chunk.ChunkKind;
import dev.osprey.context.chunk.CodeChunk;
import dev.osprey.context.chunk.CodeChunker;
import dev.osprey.context.embed.Embedder;
import dev.osprey.context.index.IndexOptions;
import dev.osprey.context.index.RepositoryIndex;
import dev.osprey.context.index.SearchHit;
import dev.osprey.context.index.SearchMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Retrieval quality and speed of {@link RepositoryIndex} on real code: the JDK's java.base sources and the Python
 * standard library. For functions sampled with a fixed seed, the query is what an editor has at the cursor (the
 * function's signature plus the lines around one of its call sites elsewhere; never its body) and the target is the
 * function's own chunk. Reports recall@1/5/10 for BM25, dense and hybrid search, indexing time per 10,000 files with
 * and without embeddings (the embedded corpus is smaller; the figure is extrapolated and says so), and query latency.
 */
public final class RetrievalBenchmark {
    private static final Pattern CALL = Pattern.compile("\\b([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

    /**
     * @param indexFiles files per corpus for the BM25-only indexing time
     * @param evalFiles  files per corpus indexed with embeddings and searched
     * @param queries    sampled functions per corpus
     */
    public record Options(int indexFiles, int evalFiles, int queries, long seed, Path workDir) {
    }

    /** A corpus: path to UTF-8 source. */
    public record Corpus(String name, Map<String, byte[]> files) {
    }

    private final Options options;
    private final Embedder embedder;
    private final PrintStream out;

    /** @param embedder null to measure BM25 only */
    public RetrievalBenchmark(Options options, Embedder embedder, PrintStream out) {
        this.options = options;
        this.embedder = embedder;
        this.out = out;
    }

    /** java.base's {@code .java} files from {@code src.zip}, sorted by path. */
    public static Corpus jdkSources(Path srcZip, int limit, long seed) throws IOException {
        Map<String, byte[]> all = new java.util.TreeMap<>();
        try (ZipFile zip = new ZipFile(srcZip.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.getName().startsWith("java.base/") && e.getName().endsWith(".java") && !e.isDirectory()) {
                    all.put(e.getName(), zip.getInputStream(e).readAllBytes());
                }
            }
        }
        return new Corpus("jdk java.base (" + srcZip + ")", sample(all, limit, seed));
    }

    /** The {@code .py} files of a Python standard library, without {@code test}, site- and dist-packages. */
    public static Corpus pythonStdlib(Path root, int limit, long seed) throws IOException {
        Map<String, byte[]> all = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> p.toString().endsWith(".py") && Files.isRegularFile(p)).toList()) {
                String rel = root.relativize(p).toString();
                if (rel.matches("(?:.*/)?(test|tests|idle_test|site-packages|dist-packages)/.*")) {
                    continue;
                }
                all.put(rel, Files.readAllBytes(p));
            }
        }
        return new Corpus("python stdlib (" + root + ")", sample(all, limit, seed));
    }

    private static Map<String, byte[]> sample(Map<String, byte[]> all, int limit, long seed) {
        List<String> paths = new ArrayList<>(all.keySet());
        Collections.shuffle(paths, new Random(seed));
        Map<String, byte[]> picked = new java.util.TreeMap<>();
        paths.stream().limit(limit).forEach(p -> picked.put(p, all.get(p)));
        return picked;
    }

    public void run(Corpus corpus) throws IOException {
        out.printf("corpus %s: %d files%n", corpus.name(), corpus.files().size());
        if (corpus.files().isEmpty()) {
            return;
        }
        Path work = Files.createTempDirectory(options.workDir(), "retrieval-bench");
        // BM25-only indexing of the whole corpus
        long t0 = System.nanoTime();
        try (RepositoryIndex index = RepositoryIndex.open(work, "bm25", IndexOptions.defaults())) {
            var update = index.update(corpus.files());
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("  index bm25-only: %d files, %d chunks, %d skipped in %.2f s = %.1f s per 10,000 files (measured)%n",
                    update.indexed().size(), index.chunkCount(), update.skipped().size(), seconds,
                    seconds / update.indexed().size() * 10_000);
        }
        java.util.TreeMap<String, byte[]> evalFiles = neighbourhood(corpus.files(), options.evalFiles(), options.seed());
        out.printf("  eval subset: %d consecutive files in path order, %s .. %s%n", evalFiles.size(),
                evalFiles.firstKey(), evalFiles.lastKey());
        IndexOptions evalOptions = embedder == null ? IndexOptions.defaults() : IndexOptions.defaults().withEmbedder(embedder);
        long t1 = System.nanoTime();
        try (RepositoryIndex index = RepositoryIndex.open(work, "eval", evalOptions)) {
            var update = index.update(evalFiles);
            double seconds = (System.nanoTime() - t1) / 1e9;
            int chunks = index.chunkCount();
            if (embedder != null) {
                out.printf("  index with embeddings: %d files, %d chunks in %.2f s (measured) = %.0f s per 10,000 files "
                                + "(extrapolated linearly from %d files)%n",
                        update.indexed().size(), chunks, seconds, seconds / update.indexed().size() * 10_000,
                        update.indexed().size());
            }
            evaluate(index, evalFiles);
        } finally {
            deleteTree(work);
        }
    }

    /** The query's own file (the one open in the editor) is excluded from the hits, as a completion client would. */
    /**
     * {@code count} files that are neighbours in path order (a few packages), from a seeded start: code calls into its
     * own and nearby packages, so call sites in other files are common, as in a real repository.
     */
    static java.util.TreeMap<String, byte[]> neighbourhood(Map<String, byte[]> files, int count, long seed) {
        List<String> paths = new ArrayList<>(new java.util.TreeSet<>(files.keySet()));
        int start = paths.size() <= count ? 0 : new Random(seed).nextInt(paths.size() - count + 1);
        java.util.TreeMap<String, byte[]> picked = new java.util.TreeMap<>();
        paths.subList(start, Math.min(paths.size(), start + count)).forEach(p -> picked.put(p, files.get(p)));
        return picked;
    }

    private record Target(CodeChunk chunk, String name, String query, String queryPath) {
    }

    private void evaluate(RepositoryIndex index, Map<String, byte[]> files) throws IOException {
        CodeChunker chunker = new CodeChunker();
        Map<String, String[]> lines = new LinkedHashMap<>();
        List<CodeChunk> functions = new ArrayList<>();
        Map<String, Integer> definitions = new HashMap<>();
        Map<String, Integer> symbolPieces = new HashMap<>();
        for (var e : files.entrySet()) {
            String text = new String(e.getValue(), StandardCharsets.UTF_8);
            lines.put(e.getKey(), text.split("\n", -1));
            for (CodeChunk c : chunker.chunk(e.getKey(), text)) {
                symbolPieces.merge(c.path() + "#" + c.symbol(), 1, Integer::sum);
                if (c.kind() == ChunkKind.FUNCTION) {
                    functions.add(c);
                    definitions.merge(simpleName(c.symbol()), 1, Integer::sum);
                }
            }
        }
        // call sites: name -> (path, 0-based line)
        Map<String, List<int[]>> callLines = new HashMap<>();
        Map<String, List<String>> callPaths = new HashMap<>();
        for (var e : lines.entrySet()) {
            String[] fileLines = e.getValue();
            for (int i = 0; i < fileLines.length; i++) {
                Matcher m = CALL.matcher(fileLines[i]);
                while (m.find()) {
                    String name = m.group(1);
                    if (definitions.getOrDefault(name, 0) == 1 && !fileLines[i].matches(".*\\bdef\\s+" + Pattern.quote(name) + "\\b.*")) {
                        callLines.computeIfAbsent(name, k -> new ArrayList<>()).add(new int[] {i});
                        callPaths.computeIfAbsent(name, k -> new ArrayList<>()).add(e.getKey());
                    }
                }
            }
        }
        Random random = new Random(options.seed());
        List<CodeChunk> candidates = new ArrayList<>(functions);
        candidates.sort(Comparator.comparing(CodeChunk::path).thenComparingInt(CodeChunk::startLine));
        Collections.shuffle(candidates, random);
        List<Target> targets = new ArrayList<>();
        for (CodeChunk c : candidates) {
            if (targets.size() >= options.queries()) {
                break;
            }
            String name = simpleName(c.symbol());
            if (name.length() < 4 || name.startsWith("__") || definitions.get(name) != 1
                    || symbolPieces.get(c.path() + "#" + c.symbol()) != 1) {
                continue;
            }
            List<Integer> sites = new ArrayList<>();
            List<int[]> found = callLines.getOrDefault(name, List.of());
            for (int s = 0; s < found.size(); s++) {
                String path = callPaths.get(name).get(s);
                int line = found.get(s)[0] + 1;
                if (!path.equals(c.path())) {
                    sites.add(s);
                }
            }
            if (sites.isEmpty()) {
                continue;
            }
            int s = sites.get(random.nextInt(sites.size()));
            String sitePath = callPaths.get(name).get(s);
            int siteLine = found.get(s)[0];
            String[] siteLines = lines.get(sitePath);
            String context = String.join("\n", Arrays.asList(siteLines)
                    .subList(Math.max(0, siteLine - 10), Math.min(siteLines.length, siteLine + 3)));
            targets.add(new Target(c, name, signature(c, name) + "\n" + context, sitePath));
        }
        out.printf("  queries: %d functions with a name defined once and a call site in another file, sampled (seed %d) "
                        + "from %d function chunks%n",
                targets.size(), options.seed(), functions.size());
        List<SearchMode> modes = embedder == null ? List.of(SearchMode.BM25)
                : List.of(SearchMode.BM25, SearchMode.DENSE, SearchMode.HYBRID);
        for (SearchMode mode : modes) {
            int at1 = 0, at5 = 0, at10 = 0;
            long[] nanos = new long[targets.size()];
            for (int q = 0; q < targets.size(); q++) {
                Target t = targets.get(q);
                long start = System.nanoTime();
                List<SearchHit> hits = index.search(t.query(), 12, mode).stream()
                        .filter(h -> !h.path().equals(t.queryPath())).limit(10).toList();
                nanos[q] = System.nanoTime() - start;
                int rank = -1;
                for (int i = 0; i < hits.size(); i++) {
                    if (hits.get(i).path().equals(t.chunk().path()) && hits.get(i).startLine() == t.chunk().startLine()) {
                        rank = i;
                        break;
                    }
                }
                at1 += rank == 0 ? 1 : 0;
                at5 += rank >= 0 && rank < 5 ? 1 : 0;
                at10 += rank >= 0 ? 1 : 0;
            }
            int n = Math.max(1, targets.size());
            out.printf("  %-6s recall@1 %.3f (%d/%d)  recall@5 %.3f (%d/%d)  recall@10 %.3f (%d/%d)%n", mode,
                    (double) at1 / n, at1, targets.size(), (double) at5 / n, at5, targets.size(), (double) at10 / n, at10,
                    targets.size());
            Arrays.sort(nanos);
            if (nanos.length > 0) {
                out.printf("  %-6s query latency p50 %.2f ms  p99 %.2f ms (%d queries, top 10)%n", mode,
                        nanos[nanos.length / 2] / 1e6, nanos[Math.min(nanos.length - 1, (int) Math.ceil(nanos.length * 0.99) - 1)] / 1e6,
                        nanos.length);
            }
        }
    }

    /** The declaration lines of a function chunk: from the line naming it to the one opening its body. */
    static String signature(CodeChunk chunk, String name) {
        String[] chunkLines = chunk.text().split("\n", -1);
        int first = 0;
        while (first < chunkLines.length - 1 && !chunkLines[first].contains(name)) {
            first++;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = first; i < chunkLines.length && i < first + 6; i++) {
            String line = chunkLines[i];
            int brace = line.indexOf('{');
            if (brace >= 0) {
                sb.append(line, 0, brace + 1);
                break;
            }
            sb.append(line).append('\n');
            if (line.stripTrailing().endsWith(":") || line.stripTrailing().endsWith(";")) {
                break;
            }
        }
        return sb.toString().stripTrailing();
    }

    private static String simpleName(String symbol) {
        int dot = symbol.lastIndexOf('.');
        return dot < 0 ? symbol : symbol.substring(dot + 1);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
