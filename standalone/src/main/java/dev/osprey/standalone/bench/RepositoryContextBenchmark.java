package dev.osprey.standalone.bench;

import dev.osprey.standalone.OspreyStack;
import dev.osprey.standalone.StackOptions;
import dev.osprey.standalone.model.ResolvedModel;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Repository context measured through the public REST API: each corpus is indexed with {@code POST /v1/repositories},
 * each {@link DefinitionSites.Case} is sent to {@code /v1/infill} with {@code debug_options} once with the symbol
 * retrieval and once with the BM25-only baseline, and {@code debug_data} says whether the target definition made it
 * into the prompt (recall), what share of the snippets' characters were the target (precision), and how long the
 * gateway waited for the plan ({@code planning_ms}).
 *
 * <pre>
 * ./osprey bench context --model qwen2-s-q8_0.gguf \
 *     --corpus python=DIR --corpus java=DIR --corpus typescript=DIR --scale java-10k=DIR:10000 [--cases 200] [--seed 42]
 *     [--context 32768]   # a copy of the model with this context, so that the window tiers are not capped by it
 *     [--vocabulary qwen3/tokenizer.json]   # ... and with a real family's vocabulary (RealVocabularyModel)
 * </pre>
 */
public final class RepositoryContextBenchmark {
    private static final List<String> MODES = List.of("symbols", "bm25");
    private static final boolean VERBOSE = Boolean.getBoolean("bench.verbose");
    /** Planning time from which {@code -Dbench.verbose=true} lists a request with its phases. */
    private static final double SLOW_PLANNING_MS = 50;
    /** Cases sent once per mode before a repository's measured run. */
    private static final int WARMUP_CASES = 20;
    /** A batch of uploaded files stays below the gateway's 8 MB body limit. */
    private static final long BATCH_BYTES = 4L << 20;

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final PrintStream out;

    private RepositoryContextBenchmark(String base, PrintStream out) {
        this.base = base;
        this.out = out;
    }

    /**
     * What one corpus was: its files and how indexing them went.
     *
     * @param seconds        from the first upload to the last batch ready, at the client
     * @param serviceSeconds the context service's own indexing time, summed over the batches
     */
    record Indexed(String name, int files, int chunks, double seconds, double serviceSeconds) {
    }

    /** One request's outcome. */
    record Outcome(boolean included, boolean considered, double precision, boolean hadSnippets, double planningMs,
                   double retrievalMs, double promptMs, double requestMs, int windowTier) {
    }

    public static void main(String[] args) throws Exception {
        Path model = null;
        Map<String, Path> corpora = new LinkedHashMap<>();
        Map<String, String> scales = new LinkedHashMap<>();
        int cases = 200;
        long seed = 42;
        int context = 0;
        Path vocabulary = null;
        Path home = Files.createTempDirectory("osprey-context-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = Path.of(args[++i]);
                case "--corpus" -> {
                    String[] kv = args[++i].split("=", 2);
                    corpora.put(kv[0], Path.of(kv[1]));
                }
                case "--scale" -> {
                    String[] kv = args[++i].split("=", 2);
                    scales.put(kv[0], kv[1]);
                }
                case "--cases" -> cases = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--home" -> home = Path.of(args[++i]);
                case "--context" -> context = Integer.parseInt(args[++i]);
                case "--vocabulary" -> vocabulary = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --model, --corpus NAME=DIR, --scale NAME=DIR:FILES, --cases, --seed, --home,"
                        + " --context TOKENS, --vocabulary TOKENIZER_JSON");
            }
        }
        if (model == null || !Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model: a GGUF file with FIM tokens is needed, got " + model);
        }
        if (vocabulary != null) {
            Files.createDirectories(home);
            model = RealVocabularyModel.write(model, vocabulary, home.resolve(vocabulary.getParent().getFileName()
                    + "-vocabulary-" + model.getFileName()));
        }
        if (context > 0) {
            Files.createDirectories(home);
            model = LongerContextModel.write(model, context, home.resolve("context-" + context + "-"
                    + model.getFileName()));
        }
        try (OspreyStack stack = OspreyStack.start(new StackOptions(null, "127.0.0.1", 0, 0, home, false, Map.of()),
                new ResolvedModel(model, model.getFileName().toString(), false, Optional.empty()))) {
            RepositoryContextBenchmark bench = new RepositoryContextBenchmark("http://127.0.0.1:" + stack.port(),
                    System.out);
            bench.run(corpora, scales, cases, seed);
        }
        System.exit(0);
    }

    private void run(Map<String, Path> corpora, Map<String, String> scales, int caseCount, long seed) throws Exception {
        List<Indexed> indexed = new ArrayList<>();
        out.println("| corpus | mode | cases | recall (name in request) | recall (name not in request) | recall (all) "
                + "| target among candidates | precision | window tiers | planning p50 / p99 | of which retrieval p50 / p99 "
                + "| of which prompt p50 / p99 | request p50 / p99 |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Path> corpus : corpora.entrySet()) {
            Map<String, String> files = read(corpus.getValue(), Integer.MAX_VALUE);
            indexed.add(index(corpus.getKey(), files));
            evaluate(corpus.getKey(), files, draw(corpus.getKey(), files, caseCount, seed));
        }
        for (Map.Entry<String, String> scale : scales.entrySet()) {
            int colon = scale.getValue().lastIndexOf(':');
            Map<String, String> files = read(Path.of(scale.getValue().substring(0, colon)),
                    Integer.parseInt(scale.getValue().substring(colon + 1)));
            indexed.add(index(scale.getKey(), files));
            evaluate(scale.getKey(), files, draw(scale.getKey(), files, caseCount, seed));
        }
        out.println();
        out.println("| repository | files | chunks | upload to ready | context service indexing | files/s (service) |");
        out.println("|---|---|---|---|---|---|");
        for (Indexed i : indexed) {
            out.printf(Locale.ROOT, "| %s | %d | %d | %.1f s | %.1f s | %.0f |%n", i.name, i.files, i.chunks, i.seconds,
                    i.serviceSeconds, i.files / i.serviceSeconds);
        }
    }

    private static List<DefinitionSites.Case> draw(String name, Map<String, String> files, int count, long seed) {
        DefinitionSites.Drawn drawn = DefinitionSites.draw(files, count, seed);
        System.err.printf(Locale.ROOT, "%s: %d cases; %d sites left out where the using file binds the name itself%n",
                name, drawn.cases().size(), drawn.leftOut());
        return drawn.cases();
    }

    /** The source files under {@code root} that {@link DefinitionSites} reads, by path, the first {@code max}. */
    private static Map<String, String> read(Path root, int max) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String path = root.relativize(p).toString().replace('\\', '/');
                if (DefinitionSites.languageOf(path) != null && files.size() < max) {
                    files.put(path, Files.readString(p, StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    private Indexed index(String name, Map<String, String> files) throws Exception {
        long start = System.nanoTime();
        List<Map.Entry<String, String>> pending = new ArrayList<>(files.entrySet());
        int from = 0;
        long serviceMs = 0;
        while (from < pending.size()) {
            ObjectNode body = json.createObjectNode().put("name", name);
            ArrayNode batch = body.putArray("files");
            long bytes = 0;
            while (from < pending.size() && (bytes == 0 || bytes + pending.get(from).getValue().length() < BATCH_BYTES)) {
                bytes += pending.get(from).getValue().length() + pending.get(from).getKey().length();
                batch.addObject().put("path", pending.get(from).getKey()).put("content", pending.get(from).getValue());
                from++;
            }
            HttpResponse<String> created = post("/v1/repositories", body.toString());
            if (created.statusCode() != 202) {
                throw new IllegalStateException("indexing " + name + " failed: " + created.body());
            }
            serviceMs += awaitReady(name);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode info = json.readTree(get("/v1/repositories/" + name).body());
        return new Indexed(name, info.path("files").asInt(files.size()), info.path("chunks").asInt(0), seconds,
                serviceMs / 1000.0);
    }

    /** @return the context service's indexing time of the batch, ms */
    private long awaitReady(String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get("/v1/repositories/" + name);
            JsonNode info = r.statusCode() == 200 ? json.readTree(r.body()) : null;
            String status = info != null ? info.path("status").asString("") : r.body();
            if (status.equals("ready")) {
                return info.path("last_indexing").path("duration_ms").asLong(0);
            }
            if (status.equals("failed")) {
                throw new IllegalStateException("indexing " + name + " failed: " + r.body());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("indexing " + name + " did not finish in 30 minutes");
    }

    private void evaluate(String repository, Map<String, String> files, List<DefinitionSites.Case> cases)
            throws Exception {
        for (String mode : MODES) { // warm-up: the JIT and the index's caches, unmeasured
            for (DefinitionSites.Case c : cases.subList(0, Math.min(WARMUP_CASES, cases.size()))) {
                infill(repository, files, c, mode);
            }
        }
        for (String mode : MODES) {
            List<Outcome> outcomes = new ArrayList<>();
            List<Boolean> inRequest = new ArrayList<>();
            for (DefinitionSites.Case c : cases) {
                outcomes.add(infill(repository, files, c, mode));
                inRequest.add(c.nameInRequest());
            }
            report(repository, mode, outcomes, inRequest);
        }
    }

    private Outcome infill(String repository, Map<String, String> files, DefinitionSites.Case c, String mode)
            throws Exception {
        ObjectNode body = json.createObjectNode().put("input_prefix", c.prefix()).put("input_suffix", c.suffix())
                .put("path", c.path()).put("repository_id", repository).put("n_predict", 1).put("temperature", 0);
        body.putObject("debug_options").put("return_snippets", true).put("retrieval", mode);
        long start = System.nanoTime();
        HttpResponse<String> response = post("/v1/infill", body.toString());
        double requestMs = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("infill at " + c.path() + ":" + c.line() + " failed: " + response.body());
        }
        JsonNode debug = json.readTree(response.body()).path("debug_data");
        if (VERBOSE && debug.path("planning_ms").asDouble(0) >= SLOW_PLANNING_MS) {
            System.err.printf(Locale.ROOT, "SLOW %s %s:%d planning %.1f ms (retrieval %.1f, prompt %.1f), prefix %d"
                            + " chars, suffix %d chars, %d snippets, window %d%n", mode, c.path(), c.line(),
                    debug.path("planning_ms").asDouble(), debug.path("retrieval_ms").asDouble(),
                    debug.path("prompt_ms").asDouble(), c.prefix().length(), c.suffix().length(),
                    debug.path("snippets").size(), debug.path("window").path("tier").asInt());
        }
        DefinitionSites.Definition target = c.target();
        List<Integer> targetLines = DefinitionSites.definitionLines(target.path(), files.get(target.path()),
                target.name());
        boolean included = false;
        long targetChars = 0;
        long allChars = 0;
        for (JsonNode s : debug.path("snippets")) {
            int length = s.path("body").asString("").length();
            allChars += length;
            if (s.path("filepath").asString("").equals(target.path())
                    && overlaps(s.path("start_line").asInt(), s.path("end_line").asInt(), targetLines)) {
                included = true;
                targetChars += length;
            }
        }
        if (VERBOSE && !included) {
            System.err.println("MISS " + mode + " " + c.path() + ":" + c.line() + " target " + target + " named "
                    + c.nameInRequest());
            for (JsonNode s : debug.path("snippets")) {
                System.err.println("   got " + s.path("filepath").asString("") + ":" + s.path("start_line").asInt() + "-"
                        + s.path("end_line").asInt() + " " + s.path("symbol").asString("") + " | "
                        + s.path("reason").asString(""));
            }
            for (JsonNode d : debug.path("window").path("dropped")) {
                System.err.println("   dropped " + d.path("label").asString("") + " " + d.path("reason").asString(""));
            }
        }
        boolean considered = included;
        for (JsonNode d : debug.path("window").path("dropped")) {
            String label = d.path("label").asString("");
            int colon = label.lastIndexOf(':');
            int dash = label.lastIndexOf('-');
            if (d.path("kind").asString("").equals("snippet") && colon > 0 && dash > colon
                    && label.substring(0, colon).equals(target.path())
                    && overlaps(Integer.parseInt(label.substring(colon + 1, dash)),
                            Integer.parseInt(label.substring(dash + 1)), targetLines)) {
                considered = true;
            }
        }
        return new Outcome(included, considered, allChars == 0 ? 0 : (double) targetChars / allChars, allChars > 0,
                debug.path("planning_ms").asDouble(Double.NaN), debug.path("retrieval_ms").asDouble(Double.NaN),
                debug.path("prompt_ms").asDouble(Double.NaN), requestMs, debug.path("window").path("tier").asInt(0));
    }

    /** Whether lines {@code start..end} hold one of the lines defining the target (its name). */
    private static boolean overlaps(int start, int end, List<Integer> targetLines) {
        return targetLines.stream().anyMatch(line -> start <= line && line <= end);
    }

    private void report(String repository, String mode, List<Outcome> outcomes, List<Boolean> inRequest) {
        int n = outcomes.size();
        int named = 0;
        int namedHits = 0;
        int unnamedHits = 0;
        int hits = 0;
        int considered = 0;
        double precision = 0;
        int withSnippets = 0;
        List<Double> planning = new ArrayList<>();
        List<Double> retrieval = new ArrayList<>();
        List<Double> prompt = new ArrayList<>();
        List<Double> request = new ArrayList<>();
        Map<Integer, Integer> tiers = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Outcome o = outcomes.get(i);
            tiers.merge(o.windowTier, 1, Integer::sum);
            hits += o.included ? 1 : 0;
            considered += o.considered ? 1 : 0;
            if (inRequest.get(i)) {
                named++;
                namedHits += o.included ? 1 : 0;
            } else {
                unnamedHits += o.included ? 1 : 0;
            }
            if (o.hadSnippets) {
                precision += o.precision;
                withSnippets++;
            }
            planning.add(o.planningMs);
            retrieval.add(o.retrievalMs);
            prompt.add(o.promptMs);
            request.add(o.requestMs);
        }
        StringBuilder tierCounts = new StringBuilder();
        tiers.forEach((tier, count) -> tierCounts.append(tierCounts.isEmpty() ? "" : ", ").append(tier).append(" ×")
                .append(count));
        out.printf(Locale.ROOT, "| %s | %s | %d (%d named) | %s | %s | %s | %s | %.2f | %s | %.1f / %.1f ms "
                        + "| %.1f / %.1f ms | %.1f / %.1f ms | %.1f / %.1f ms |%n",
                repository, mode, n, named, ratio(namedHits, named), ratio(unnamedHits, n - named), ratio(hits, n),
                ratio(considered, n), withSnippets == 0 ? 0 : precision / withSnippets, tierCounts,
                percentile(planning, 0.5), percentile(planning, 0.99), percentile(retrieval, 0.5),
                percentile(retrieval, 0.99), percentile(prompt, 0.5), percentile(prompt, 0.99),
                percentile(request, 0.5), percentile(request, 0.99));
        out.flush();
    }

    private static String ratio(int hits, int n) {
        return n == 0 ? "–" : String.format(Locale.ROOT, "%.3f", (double) hits / n);
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = values.stream().filter(v -> !v.isNaN()).sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(1)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
