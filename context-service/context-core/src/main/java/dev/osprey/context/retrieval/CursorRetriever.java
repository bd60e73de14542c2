package dev.osprey.context.retrieval;

import dev.osprey.context.concurrent.OffloadedTask;
import dev.osprey.context.index.RepositoryIndex;
import dev.osprey.context.index.SearchHit;
import dev.osprey.context.index.SearchMode;
import dev.osprey.context.symbol.Definition;
import dev.osprey.context.symbol.Evidence;
import dev.osprey.context.symbol.FileSymbols;
import dev.osprey.context.symbol.ImportResolver;
import dev.osprey.context.symbol.NameResolver;
import dev.osprey.context.symbol.Resolution;
import dev.osprey.context.symbol.Scope;
import dev.osprey.context.symbol.SymbolExtractor;
import dev.osprey.context.symbol.SymbolIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Retrieves what the code at a cursor needs from a repository. The names the request uses, nearest the cursor first,
 * are tied to definitions through the current file's imports and the {@link SymbolIndex} ({@link NameResolver});
 * BM25 over the lines around the cursor adds what symbols do not reach. Every candidate gets a {@link Score}; the
 * best {@link CursorRequest#limit()} are returned, best first, definitions of the current file left out (they are in
 * the prompt already).
 *
 * <p>Bounded whatever the repository: at most {@value #MAX_NAMES} names are resolved, each to at most a few
 * definitions, at most {@value #MAX_CANDIDATES} definitions are scored, and the import graph is followed two steps
 * from at most {@value #MAX_SECOND_HOP_FILES} files, so import cycles cost nothing extra. Thread-safe.
 *
 * <p>The text search needs only the request's text, so it runs on the given executor while the names are read and
 * resolved on the calling thread; a search the executor has not started by the time its hits are needed runs on the
 * calling thread instead, so a busy executor delays nothing. The candidates are the same whichever thread searched.
 */
public final class CursorRetriever {
    static final int MAX_NAMES = 256;
    static final int MAX_CANDIDATES = 64;
    static final int MAX_SECOND_HOP_FILES = 32;
    /** BM25 hits considered per request. */
    static final int BM25_DEPTH = 16;
    /** Lines of code around the cursor the BM25 query is made of. */
    static final int QUERY_PREFIX_LINES = 24;
    static final int QUERY_SUFFIX_LINES = 8;
    /** Lines on each side of the cursor whose names are read. */
    static final int MAX_SCAN_LINES = 2000;
    /** Characters of a chat message searched as text. */
    static final int MAX_MESSAGE_QUERY_CHARS = 4000;
    /** Lines of the request searched for its import statements. */
    static final int MAX_HEADER_LINES = 1000;
    /** A body longer than this is cut to its first lines (the planner may cut further). */
    static final int MAX_BODY_LINES = 150;

    private final RepositoryIndex index;
    private final SymbolIndex symbols;
    private final SymbolExtractor extractor = new SymbolExtractor();
    private final ImportResolver imports;
    private final NameResolver names;
    private final Executor textSearches;

    /** A retriever that runs the text search on the calling thread, before the names are resolved. */
    public CursorRetriever(RepositoryIndex index) {
        this(index, Runnable::run);
    }

    /** A retriever that runs the text search on {@code textSearches}, beside the names' resolution. */
    public CursorRetriever(RepositoryIndex index, Executor textSearches) {
        this.index = index;
        this.symbols = index.symbols();
        this.imports = new ImportResolver(symbols);
        this.names = new NameResolver(symbols);
        this.textSearches = textSearches;
    }

    public List<Candidate> retrieve(CursorRequest request) throws IOException {
        TextSearch text = search(new TextQuery(query(request.prefix(), request.suffix()), SearchMode.BM25,
                "bm25 match for the code around the cursor"));
        FileSymbols current = currentFile(request);
        RecentFiles recent = new RecentFiles(request.recent(), current.path(), extractor);
        return retrieve(current, recent, Identifiers.around(request.prefix(), request.suffix(), MAX_NAMES,
                MAX_SCAN_LINES), text, request.limit());
    }

    /**
     * Repository context for a chat message about code: the definitions of the names it mentions as code
     * ({@link ChatMentions}), then what {@code mode} finds for the whole message (hybrid search falls back to BM25
     * where the index has no embeddings), scored alike, best {@code limit} first.
     */
    public List<Candidate> retrieveForMessage(String message, int limit, SearchMode mode) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        FileSymbols none = new FileSymbols("request", "text", "", List.of(), List.of());
        String query = message.length() > MAX_MESSAGE_QUERY_CHARS ? message.substring(0, MAX_MESSAGE_QUERY_CHARS)
                : message;
        TextSearch text = search(new TextQuery(query.strip(), mode,
                mode.name().toLowerCase(java.util.Locale.ROOT) + " match for the message"));
        return retrieve(none, new RecentFiles(List.of(), none.path(), extractor),
                ChatMentions.uses(message, MAX_NAMES), text, limit);
    }

    /** The text search beside the names: its query, mode, and the reason its hits are given. */
    private record TextQuery(String query, SearchMode mode, String reason) {
    }

    /** A text search handed to the executor: its query and its hits to come (none for an empty query). */
    private record TextSearch(TextQuery query, OffloadedTask<List<SearchHit>> hits) {
        /** The hits, searched on this thread if the executor has not begun. */
        List<SearchHit> await() throws IOException {
            return hits.join();
        }
    }

    private TextSearch search(TextQuery query) {
        return new TextSearch(query, OffloadedTask.start(() -> query.query().isEmpty() ? List.of()
                : index.search(query.query(), BM25_DEPTH, query.mode()), textSearches));
    }

    private List<Candidate> retrieve(FileSymbols current, RecentFiles recent, List<IdentifierUse> uses,
                                     TextSearch text, int limit) throws IOException {
        Scope scope = imports.scope(current);
        Map<Definition, Found> found = new LinkedHashMap<>();
        for (IdentifierUse use : uses) {
            if (found.size() >= MAX_CANDIDATES) {
                break;
            }
            List<Resolution> resolved = names.resolve(use.name(), scope, current.path());
            if (resolved.isEmpty() && use.name().contains(".")) {
                resolved = names.resolveMember(use.name().substring(use.name().lastIndexOf('.') + 1), current.path());
            }
            List<Resolution> all = new ArrayList<>();
            for (Resolution r : resolved) { // an indexed definition of a recent file: its recent copy, if still there
                recent.fresh(r.definition()).ifPresent(d -> all.add(new Resolution(r.name(), d, r.evidence())));
            }
            for (Definition d : recent.named(use.name())) {
                all.add(new Resolution(use.name(), d, Evidence.RECENT));
            }
            for (Resolution r : all) {
                if (!r.definition().path().equals(current.path())) {
                    found.merge(r.definition(), new Found(r, use.distance()), Found::better);
                }
            }
        }
        Proximity proximity = new Proximity(current, scope);
        List<Scored> scored = new ArrayList<>();
        for (Found f : found.values()) {
            Definition d = f.resolution.definition();
            scored.add(new Scored(d, null, f, new Score(Score.evidence(f.resolution.evidence()),
                    Score.closeness(f.distance), proximity.of(d.path()), 0)));
        }
        addText(text.await(), current.path(), recent, scored, proximity);
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.score.total())
                .thenComparing(s -> s.path()).thenComparingInt(Scored::startLine));
        List<Candidate> out = new ArrayList<>();
        for (Scored s : scored.subList(0, Math.min(limit, scored.size()))) {
            out.add(candidate(s, recent, text.query().reason()));
        }
        return out;
    }

    /**
     * The current file's imports and module, read from the request's header: its lines up to the last import (or
     * package) statement among the first {@value #MAX_HEADER_LINES}, so that a long file is not parsed whole. The
     * indexed version of the file is used when the header does not parse.
     */
    private FileSymbols currentFile(CursorRequest request) {
        String path = request.path().isEmpty() ? "request" : request.path();
        List<String> lines = (request.prefix() + request.suffix()).lines().limit(MAX_HEADER_LINES).toList();
        boolean[] imports = Identifiers.importLines(lines);
        int last = -1;
        for (int i = 0; i < imports.length; i++) {
            last = imports[i] ? i : last;
        }
        FileSymbols parsed = last < 0 ? FileSymbols.text(path)
                : extractor.extract(path, String.join("\n", lines.subList(0, last + 1)) + "\n");
        if (parsed.language().equals("text") && symbols.contains(request.path())) {
            return symbols.file(request.path());
        }
        return parsed.language().equals("text") ? new FileSymbols(path, languageOf(path), "", List.of(), List.of())
                : parsed;
    }

    /** The language id of {@code path} by its extension, or {@code text}. */
    private static String languageOf(String path) {
        return dev.osprey.tokenizer.classes.SourceLanguage.fromPath(path)
                .map(dev.osprey.tokenizer.classes.SourceLanguage::id).orElse("text");
    }

    /**
     * The text search's hits (their scores normalised by the best hit's): they raise the definitions they overlap and
     * join as text candidates where they overlap none. Hits in the current file and in recent files are left out,
     * their indexed text being older than the client's.
     */
    private static void addText(List<SearchHit> found, String currentPath, RecentFiles recent, List<Scored> scored,
                                Proximity proximity) {
        List<SearchHit> hits = found.stream()
                .filter(h -> !h.path().equals(currentPath) && !recent.contains(h.path())).toList();
        if (hits.isEmpty()) {
            return;
        }
        double best = hits.getFirst().score();
        for (SearchHit hit : hits) {
            double bm25 = best > 0 ? Math.min(1, hit.score() / best) : 0;
            boolean overlapped = false;
            for (int i = 0; i < scored.size(); i++) {
                Scored s = scored.get(i);
                if (s.definition != null && s.path().equals(hit.path()) && s.startLine() <= hit.endLine()
                        && hit.startLine() <= s.endLine() && bm25 > s.score.bm25()) {
                    scored.set(i, s.withBm25(bm25));
                    overlapped = true;
                }
            }
            if (!overlapped) {
                scored.add(new Scored(null, hit, null, new Score(0, 0, proximity.of(hit.path()), bm25)));
            }
        }
    }

    private Candidate candidate(Scored s, RecentFiles recent, String textReason) throws IOException {
        if (s.definition == null) {
            SearchHit h = s.hit;
            return new Candidate(h.path(), h.startLine(), h.endLine(), h.symbol(), "", h.text(), s.score,
                    textReason + "; " + s.score.describe());
        }
        Definition d = s.definition;
        int end = Math.min(d.endLine(), d.startLine() + MAX_BODY_LINES - 1);
        boolean fromRecent = recent.contains(d.path());
        String body = fromRecent ? recent.lines(d.path(), d.startLine(), end)
                : index.lines(d.path(), d.startLine(), end).orElse(d.signature());
        Resolution r = s.found.resolution;
        String how = switch (r.evidence()) {
            case IMPORTED -> "imported";
            case WILDCARD -> "visible through a wildcard import or include";
            case SAME_PACKAGE -> "in the same package";
            case RECENT -> "defined in a recently opened or edited file";
            case UNIQUE -> "the only definition of the name in the repository";
        };
        String reason = d.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + d.qualifiedName() + " used as '"
                + r.name() + "' " + s.found.distance + " lines from the cursor, " + how
                + (fromRecent && r.evidence() != Evidence.RECENT ? " (text from the client's recent copy)" : "") + "; "
                + s.score.describe();
        FileSymbols file = fromRecent ? recent.file(d.path()) : symbols.file(d.path());
        return new Candidate(d.path(), d.startLine(), end, d.symbol(), Skeletons.of(d, file), body, s.score, reason);
    }

    /** The code around the cursor: the prefix's last lines and the suffix's first. */
    public static String query(String prefix, String suffix) {
        // the prefix's last lines, found from its end so that a long file is not split whole
        int from = prefix.length();
        for (int lines = 0; lines < QUERY_PREFIX_LINES && from > 0; lines++) {
            from = prefix.lastIndexOf('\n', from - 2) + 1;
        }
        List<String> before = prefix.substring(from).lines().toList(); // lines() also ends a line at a lone \r
        List<String> after = suffix.lines().limit(QUERY_SUFFIX_LINES).toList();
        String query = String.join("\n", before.subList(Math.max(0, before.size() - QUERY_PREFIX_LINES), before.size()))
                + "\n" + String.join("\n", after);
        return query.strip();
    }

    /** A definition's strongest tie and its nearest use. */
    private record Found(Resolution resolution, int distance) {
        static Found better(Found a, Found b) {
            int byEvidence = a.resolution.evidence().compareTo(b.resolution.evidence());
            Resolution strongest = byEvidence <= 0 ? a.resolution : b.resolution;
            return new Found(strongest, Math.min(a.distance, b.distance));
        }
    }

    /** A definition (with its tie) or a BM25 hit, and its score. */
    private record Scored(Definition definition, SearchHit hit, Found found, Score score) {
        String path() {
            return definition != null ? definition.path() : hit.path();
        }

        int startLine() {
            return definition != null ? definition.startLine() : hit.startLine();
        }

        int endLine() {
            return definition != null ? definition.endLine() : hit.endLine();
        }

        Scored withBm25(double bm25) {
            return new Scored(definition, hit, found, new Score(score.evidence(), score.closeness(),
                    score.importProximity(), bm25));
        }
    }

    /** Import-graph distance from the current file, the second step computed once and only when asked. */
    private final class Proximity {
        private final String currentDirectory;
        private final String currentModule;
        private final Scope scope;
        private Set<String> secondHop;

        Proximity(FileSymbols current, Scope scope) {
            int slash = current.path().lastIndexOf('/');
            this.currentDirectory = slash < 0 ? "" : current.path().substring(0, slash);
            this.currentModule = current.language() + ":" + current.module();
            this.scope = scope;
        }

        double of(String path) {
            if (scope.imported().contains(path)) {
                return 1.0;
            }
            FileSymbols file = symbols.file(path);
            int slash = path.lastIndexOf('/');
            String directory = slash < 0 ? "" : path.substring(0, slash);
            if (directory.equals(currentDirectory) || scope.samePackage().contains(path)
                    || (file != null && !file.module().isEmpty()
                            && currentModule.equals(file.language() + ":" + file.module()))) {
                return 0.5;
            }
            return secondHop().contains(path) ? 0.25 : 0;
        }

        private Set<String> secondHop() {
            if (secondHop == null) {
                secondHop = new HashSet<>();
                scope.imported().stream().sorted().limit(MAX_SECOND_HOP_FILES).forEach(path -> {
                    FileSymbols file = symbols.file(path);
                    if (file != null) {
                        secondHop.addAll(imports.scope(file).imported());
                    }
                });
            }
            return secondHop;
        }
    }
}
