package dev.osprey.context.index;

import dev.osprey.context.chunk.CodeChunk;
import dev.osprey.context.embed.Embedder;
import dev.osprey.context.symbol.FileSymbols;
import dev.osprey.context.symbol.FileSymbolsCodec;
import dev.osprey.context.symbol.SymbolExtractor;
import dev.osprey.context.symbol.SymbolIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The chunks of one repository in a Lucene directory: BM25 over {@link CodeAnalyzer} terms and, with an
 * {@link Embedder}, dense vectors; searches fuse both by reciprocal rank. Each file is stored as one file document
 * (path, SHA-256 of its content and its {@link FileSymbols}) plus its chunk documents, so updates are incremental: a
 * file whose hash is unchanged is not re-chunked or re-parsed. The {@link SymbolIndex} is kept in memory beside the
 * Lucene index, updated with it and rebuilt from the file documents on open. Every update is committed before it
 * returns, so a reopened index reads the same state.
 *
 * <p>Thread-safe: updates are serialised, searches run concurrently with them on the last committed state.
 */
public final class RepositoryIndex implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RepositoryIndex.class.getName());
    private static final String TYPE = "type";
    private static final String FILE = "file";
    private static final String CHUNK = "chunk";
    private static final String PATH = "path";
    private static final String HASH = "hash";
    /** A file document's {@link FileSymbolsCodec} bytes. */
    private static final String SYMBOLS = "symbols";
    private static final String CODE = "code";
    private static final String VECTOR = "vector";
    /** Exact terms: the forms of the name the chunk defines (its symbol's last part). */
    private static final String DEFINES = "defines";
    /** Weight of a query identifier naming what a chunk defines, relative to one BM25 term match. */
    private static final float DEFINES_BOOST = 2f;
    private static final String EMBEDDER_KEY = "embedder";
    /** Chunk lines as stored fields and points, so a line range loads only the chunks it overlaps. */
    private static final String START = "start";
    private static final String END = "end";
    /**
     * The document layout, kept in the commit data. 2: chunk lines indexed as points and doc values as well as stored,
     * so a line range is a query. 1 (no key): stored only; such an index keeps its layout, chunks added to it
     * included, and reads a range by loading the file's chunks.
     */
    static final String LAYOUT = "2";
    private static final String FIRST_LAYOUT = "1";
    private static final String LAYOUT_KEY = "layout";
    /** Text terms a query scores with; with {@link #MAX_DEFINES_TERMS}, within Lucene's default 1024 clauses. */
    static final int MAX_SCORED_TERMS = 48;
    private static final int MAX_DEFINES_TERMS = 500;
    private static final int EMBED_BATCH = 64;
    /** BM25 hits collected per hit asked for before the full depth is. */
    static final int SHALLOW_DEPTH_FACTOR = 2;
    /**
     * The dense list's say in hybrid fusion relative to BM25's: on held-out JDK and Python functions the
     * general-purpose MiniLM ranks code below BM25 (BENCHMARKS.md), so equal weights let it pull good BM25
     * hits down.
     */
    static final double DENSE_WEIGHT = 0.5;

    private final IndexOptions options;
    /** {@link #LAYOUT}, or the first layout for an index written before it. */
    private final String layout;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<String, String> hashes = new HashMap<>(); // path -> content SHA-256; guarded by this
    private final SymbolIndex symbols = new SymbolIndex();
    private final SymbolExtractor extractor = new SymbolExtractor();

    private RepositoryIndex(Path directoryPath, IndexOptions options) throws IOException {
        this.options = options;
        this.directory = FSDirectory.open(directoryPath);
        IndexWriterConfig config = new IndexWriterConfig(new CodeAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
        this.writer = new IndexWriter(directory, config);
        String embedder = embedderId();
        String stored = null;
        String layout = null;
        if (writer.getLiveCommitData() != null) {
            for (Map.Entry<String, String> entry : writer.getLiveCommitData()) {
                if (entry.getKey().equals(EMBEDDER_KEY)) {
                    stored = entry.getValue();
                } else if (entry.getKey().equals(LAYOUT_KEY)) {
                    layout = entry.getValue();
                }
            }
        }
        if (stored != null && !stored.equals(embedder)) {
            LOG.log(System.Logger.Level.WARNING, "index {0} was built with embedder {1}, now {2}: cleared for re-indexing",
                    directoryPath, stored, embedder);
            writer.deleteAll();
        }
        this.layout = writer.getDocStats().numDocs == 0 ? LAYOUT : layout != null ? layout : FIRST_LAYOUT;
        if (!this.layout.equals(LAYOUT)) {
            LOG.log(System.Logger.Level.INFO, "index {0} was written in layout {1}: line ranges load whole files'"
                    + " chunks until it is rebuilt", directoryPath, this.layout);
        }
        commit();
        this.searchers = new SearcherManager(writer, null);
        IndexSearcher searcher = searchers.acquire();
        try {
            StoredFields fields = searcher.storedFields();
            for (int doc : MatchingDocs.of(searcher, new TermQuery(new Term(TYPE, FILE)))) {
                Document d = fields.document(doc);
                BytesRef bytes = d.getBinaryValue(SYMBOLS);
                Optional<FileSymbols> read = bytes == null ? Optional.empty()
                        : FileSymbolsCodec.decode(Arrays.copyOfRange(bytes.bytes, bytes.offset,
                                bytes.offset + bytes.length));
                if (read.isPresent()) {
                    symbols.put(read.get());
                    hashes.put(d.get(PATH), d.get(HASH));
                } // else indexed before symbols (or by another codec version): re-read at the next update

            }
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * Opens (creating if needed) the index of {@code repository} in {@code root/repository}.
     *
     * @param repository letters, digits, {@code .}, {@code _} and {@code -}; not {@code .} or {@code ..}
     */
    public static RepositoryIndex open(Path root, String repository, IndexOptions options) throws IOException {
        if (!repository.matches("[A-Za-z0-9._-]+") || repository.equals(".") || repository.equals("..")) {
            throw new IllegalArgumentException("bad repository name '" + repository + "'");
        }
        return new RepositoryIndex(root.resolve(repository), options);
    }

    /** Adds or replaces the given files; files whose content is unchanged are left alone. */
    public synchronized IndexUpdate update(Map<String, byte[]> files) throws IOException {
        return write(files, false, IndexingLimits.UNLIMITED.start());
    }

    /** A full re-send: like {@link #update}, and files not in {@code files} are deleted. */
    public synchronized IndexUpdate sync(Map<String, byte[]> files) throws IOException {
        return write(files, true, IndexingLimits.UNLIMITED.start());
    }

    /**
     * {@link #sync(Map)} within a job's time budget, checked before each file is chunked and each batch embedded.
     *
     * @throws IndexingLimitException when the budget's time runs out; the index is then unchanged
     */
    public synchronized IndexUpdate sync(Map<String, byte[]> files, IndexingBudget budget) throws IOException {
        return write(files, true, budget);
    }

    /** Removes a file's chunks. @return whether the file was indexed */
    public synchronized boolean delete(String path) throws IOException {
        if (hashes.remove(path) == null) {
            return false;
        }
        writer.deleteDocuments(new Term(PATH, path));
        commit();
        symbols.remove(path);
        return true;
    }

    /** Number of indexed files. */
    public synchronized int fileCount() {
        return hashes.size();
    }

    /** Number of indexed chunks. */
    public int chunkCount() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(new TermQuery(new Term(TYPE, CHUNK)));
        } finally {
            searchers.release(searcher);
        }
    }

    /** The definitions and imports of the indexed files; updated with each committed update. */
    public SymbolIndex symbols() {
        return symbols;
    }

    /**
     * Lines {@code startLine..endLine} (1-based, inclusive) of an indexed file, joined with {@code \n}, assembled from
     * its chunks; lines no chunk covers (none, for the chunkers here) are left out.
     *
     * @return empty when the file is not indexed
     */
    public Optional<String> lines(String path, int startLine, int endLine) throws IOException {
        if (startLine < 1 || endLine < startLine) {
            throw new IllegalArgumentException("bad line range " + startLine + ".." + endLine);
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            BooleanQuery query = new BooleanQuery.Builder()
                    .add(new TermQuery(new Term(TYPE, CHUNK)), BooleanClause.Occur.FILTER)
                    .add(new TermQuery(new Term(PATH, path)), BooleanClause.Occur.FILTER).build();
            TreeMap<Integer, String> byLine = new TreeMap<>();
            StoredFields fields = searcher.storedFields();
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            int leafIndex = -1;
            SortedNumericDocValues starts = null;
            SortedNumericDocValues ends = null;
            for (int doc : MatchingDocs.of(searcher, query)) { // a file's chunks: a few dozen at most
                int start;
                int end;
                Document d;
                if (layout.equals(LAYOUT)) { // the range from doc values: only overlapping chunks' text is read
                    int leaf = ReaderUtil.subIndex(doc, leaves);
                    if (leaf != leafIndex) {
                        leafIndex = leaf;
                        starts = DocValues.getSortedNumeric(leaves.get(leaf).reader(), START);
                        ends = DocValues.getSortedNumeric(leaves.get(leaf).reader(), END);
                    }
                    int leafDoc = doc - leaves.get(leaf).docBase;
                    if (!starts.advanceExact(leafDoc) || !ends.advanceExact(leafDoc)) {
                        continue;
                    }
                    start = (int) starts.nextValue();
                    end = (int) ends.nextValue();
                    if (end < startLine || start > endLine) {
                        continue;
                    }
                    d = fields.document(doc);
                } else { // the first layout keeps the range in stored fields only
                    d = fields.document(doc);
                    start = d.getField(START).numericValue().intValue();
                    end = d.getField(END).numericValue().intValue();
                    if (end < startLine || start > endLine) {
                        continue;
                    }
                }
                String[] text = d.get("text").split("\n", -1);
                for (int line = Math.max(start, startLine); line <= Math.min(end, endLine); line++) {
                    if (line - start < text.length) {
                        byLine.putIfAbsent(line, text[line - start]);
                    }
                }
            }
            return byLine.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", byLine.values()));
        } finally {
            searchers.release(searcher);
        }
    }

    /** The indexed paths, sorted. */
    public synchronized List<String> paths() {
        return hashes.keySet().stream().sorted().toList();
    }

    /**
     * Chunks and embeds every changed file before touching the index, so a failing chunker or embedder leaves the
     * index and {@link #hashes} as they were; then writes and commits.
     */
    private IndexUpdate write(Map<String, byte[]> files, boolean deleteMissing, IndexingBudget budget)
            throws IOException {
        List<String> unchanged = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        Map<String, String> changed = new LinkedHashMap<>(); // path -> new hash
        Map<String, FileSymbols> read = new HashMap<>();
        List<CodeChunk> chunks = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
            String path = file.getKey();
            byte[] content = file.getValue();
            var rejection = FileContent.rejection(path, content, options.maxFileBytes());
            if (rejection.isPresent()) {
                skipped.add(new SkippedFile(path, rejection.get()));
                continue;
            }
            String hash = sha256(content);
            if (hash.equals(hashes.get(path))) {
                unchanged.add(path);
                continue;
            }
            budget.checkTime();
            String text = FileContent.decode(content).orElseThrow();
            chunks.addAll(options.chunker().chunk(path, text));
            read.put(path, extractor.extract(path, text));
            changed.put(path, hash);
        }
        float[][] vectors = embed(chunks, budget); // (chunks.size(), dimension) or null
        for (Map.Entry<String, String> file : changed.entrySet()) {
            writer.deleteDocuments(new Term(PATH, file.getKey()));
            Document fileDoc = new Document();
            fileDoc.add(new StringField(TYPE, FILE, Field.Store.NO));
            fileDoc.add(new StringField(PATH, file.getKey(), Field.Store.YES));
            fileDoc.add(new StoredField(HASH, file.getValue()));
            fileDoc.add(new StoredField(SYMBOLS, FileSymbolsCodec.encode(read.get(file.getKey()))));
            // no terms, so no match and no say in BM25's statistics, but a norm: with every document holding the
            // field its norms are dense, read by index rather than through a sparse set on every hit scored
            fileDoc.add(new TextField(CODE, "", Field.Store.NO));
            writer.addDocument(fileDoc);
        }
        for (int i = 0; i < chunks.size(); i++) {
            writer.addDocument(chunkDocument(chunks.get(i), vectors == null ? null : vectors[i]));
        }
        List<String> deleted = new ArrayList<>();
        if (deleteMissing) {
            for (String path : hashes.keySet()) {
                if (!files.containsKey(path)) {
                    writer.deleteDocuments(new Term(PATH, path));
                    deleted.add(path);
                }
            }
            deleted.sort(null);
        }
        commit();
        hashes.putAll(changed);
        deleted.forEach(hashes::remove);
        read.values().forEach(symbols::put);
        deleted.forEach(symbols::remove);
        return new IndexUpdate(List.copyOf(changed.keySet()), unchanged, deleted, skipped, chunks.size());
    }

    private float[][] embed(List<CodeChunk> chunks, IndexingBudget budget) {
        if (options.embedder() == null) {
            return null;
        }
        float[][] vectors = new float[chunks.size()][];
        for (int from = 0; from < chunks.size(); from += EMBED_BATCH) {
            budget.checkTime();
            List<CodeChunk> batch = chunks.subList(from, Math.min(chunks.size(), from + EMBED_BATCH));
            float[][] embedded = options.embedder().embed(batch.stream().map(RepositoryIndex::embeddingText).toList());
            for (int i = 0; i < embedded.length; i++) {
                if (embedded[i].length != options.embedder().dimension()) {
                    throw new IllegalStateException("embedder returned " + embedded[i].length + " dimensions, not "
                            + options.embedder().dimension());
                }
                vectors[from + i] = normalised(embedded[i]);
            }
        }
        return vectors;
    }

    /** @param vector unit length, or null without an embedder */
    private Document chunkDocument(CodeChunk c, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(TYPE, CHUNK, Field.Store.NO));
        doc.add(new StringField(PATH, c.path(), Field.Store.YES));
        doc.add(new StoredField("language", c.language()));
        if (layout.equals(LAYOUT)) {
            doc.add(new IntField(START, c.startLine(), Field.Store.YES));
            doc.add(new IntField(END, c.endLine(), Field.Store.YES));
        } else { // a field keeps the schema it was first written with
            doc.add(new StoredField(START, c.startLine()));
            doc.add(new StoredField(END, c.endLine()));
        }
        doc.add(new StoredField("symbol", c.symbol()));
        doc.add(new StoredField("text", c.text()));
        String defined = c.symbol().substring(c.symbol().lastIndexOf('.') + 1);
        for (String form : CodeAnalyzer.identifierForms(defined)) {
            doc.add(new StringField(DEFINES, form, Field.Store.NO));
        }
        doc.add(new TextField(CODE, c.path() + "\n" + c.symbol() + "\n" + c.text(), Field.Store.NO));
        if (vector != null) {
            doc.add(new KnnFloatVectorField(VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        }
        return doc;
    }

    static String embeddingText(CodeChunk chunk) {
        return chunk.symbol().isEmpty() ? chunk.text() : chunk.symbol() + "\n" + chunk.text();
    }

    /**
     * The best {@code limit} chunks for {@code query}: each retriever's candidates (several times {@code limit}) are
     * fused, near-duplicates of better hits dropped and at most {@link IndexOptions#maxHitsPerFile} kept per file.
     *
     * <p>BM25 alone first collects {@value #SHALLOW_DEPTH_FACTOR} times {@code limit} hits and collects the full depth
     * only when dropping duplicates leaves fewer than {@code limit}: a top-k list is a prefix of any deeper one (score
     * order, ties by document), so the hits are the same as the full depth's, and the smaller k lets scoring skip
     * more of the postings from the start.
     *
     * @throws IllegalStateException for {@link SearchMode#DENSE} on an index without an embedder
     */
    public List<SearchHit> search(String query, int limit, SearchMode mode) throws IOException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        if (mode == SearchMode.DENSE && options.embedder() == null) {
            throw new IllegalStateException("dense search needs an index configured with an embedder");
        }
        boolean bm25 = mode != SearchMode.DENSE;
        boolean dense = mode != SearchMode.BM25 && options.embedder() != null;
        int depth = Math.max(50, limit * 10);
        IndexSearcher searcher = searchers.acquire();
        try {
            Query lexical = bm25 ? lexicalQuery(searcher, query) : null;
            if (lexical != null && !dense) {
                int shallow = Math.min(depth, limit * SHALLOW_DEPTH_FACTOR);
                Map<Integer, Double> top = topScores(searcher, lexical, shallow);
                List<SearchHit> hits = hits(searcher, top, top, Map.of(), limit);
                if (hits.size() == limit || top.size() < shallow) {
                    return hits;
                }
            }
            Map<Integer, Double> bm25Scores = lexical == null ? Map.of() : topScores(searcher, lexical, depth);
            Map<Integer, Double> denseScores = new LinkedHashMap<>();
            if (dense && !query.isBlank()) {
                float[] vector = normalised(options.embedder().embed(List.of(query))[0]);
                for (ScoreDoc d : searcher.search(new KnnFloatVectorQuery(VECTOR, vector, depth), depth).scoreDocs) {
                    denseScores.put(d.doc, (double) d.score);
                }
            }
            Map<Integer, Double> ranked = bm25 && dense
                    ? ReciprocalRankFusion.fuse(List.of(List.copyOf(bm25Scores.keySet()), List.copyOf(denseScores.keySet())),
                            new double[] {1.0, DENSE_WEIGHT}, ReciprocalRankFusion.DEFAULT_K)
                    : bm25 ? bm25Scores : denseScores;
            return hits(searcher, ranked, bm25Scores, denseScores, limit);
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The BM25 query for the {@value #MAX_SCORED_TERMS} rarest of {@code query}'s terms that the index holds (as
     * Lucene's MoreLikeThis keeps a query's best terms) and the identifiers chunks define, or null when it has no terms.
     * The common terms left out add little to any score but most of the postings to walk: 32 lines of code hold 80-150
     * distinct terms.
     */
    private static Query lexicalQuery(IndexSearcher searcher, String query) throws IOException {
        Set<String> terms = new LinkedHashSet<>(CodeAnalyzer.terms(query));
        if (terms.isEmpty()) {
            return null;
        }
        Map<String, TermStates> states = TermLookup.present(searcher, CODE, terms);
        List<TermQuery> present = new ArrayList<>();
        for (String t : terms) {
            TermStates termStates = states.get(t);
            if (termStates != null) {
                present.add(new TermQuery(new Term(CODE, t), termStates));
            }
        }
        if (present.size() > MAX_SCORED_TERMS) { // the rarest, in query order; ties to the earlier term
            List<TermQuery> byRarity = new ArrayList<>(present);
            byRarity.sort(java.util.Comparator.comparingInt(q -> q.getTermStates().docFreq()));
            Set<TermQuery> rarest = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            rarest.addAll(byRarity.subList(0, MAX_SCORED_TERMS));
            present.removeIf(q -> !rarest.contains(q));
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        present.forEach(q -> builder.add(q, BooleanClause.Occur.SHOULD));
        // an identifier at the cursor that a chunk defines is the strongest lexical signal
        List<String> forms = CodeAnalyzer.identifierForms(query).stream().limit(MAX_DEFINES_TERMS).toList();
        Map<String, TermStates> defined = TermLookup.present(searcher, DEFINES, forms);
        for (String f : forms) {
            TermStates termStates = defined.get(f);
            if (termStates != null) {
                builder.add(new BoostQuery(new TermQuery(new Term(DEFINES, f), termStates), DEFINES_BOOST),
                        BooleanClause.Occur.SHOULD);
            }
        }
        return builder.build();
    }

    /** The best {@code depth} documents for {@code query}, best first, with their scores. */
    private static Map<Integer, Double> topScores(IndexSearcher searcher, Query query, int depth) throws IOException {
        // the top hits only, no total count: scoring skips what cannot reach them from the first hit on rather than
        // after a thousand (the default count threshold); the hits are the same
        Map<Integer, Double> scores = new LinkedHashMap<>();
        for (ScoreDoc d : searcher.search(query, new TopScoreDocCollectorManager(depth, null, depth)).scoreDocs) {
            scores.put(d.doc, (double) d.score);
        }
        return scores;
    }

    /**
     * The first {@code limit} of {@code ranked}'s documents as hits, near-duplicates of earlier ones and those past
     * {@link IndexOptions#maxHitsPerFile} in their file left out.
     */
    private List<SearchHit> hits(IndexSearcher searcher, Map<Integer, Double> ranked, Map<Integer, Double> bm25Scores,
                                 Map<Integer, Double> denseScores, int limit) throws IOException {
        StoredFields fields = searcher.storedFields();
        NearDuplicates duplicates = new NearDuplicates(options.duplicateJaccard());
        Map<String, Integer> perFile = new HashMap<>();
        List<SearchHit> hits = new ArrayList<>();
        for (Map.Entry<Integer, Double> entry : ranked.entrySet()) {
            Document d = fields.document(entry.getKey());
            String path = d.get(PATH);
            if (perFile.getOrDefault(path, 0) >= options.maxHitsPerFile() || !duplicates.accept(d.get("text"))) {
                continue;
            }
            perFile.merge(path, 1, Integer::sum);
            Set<Retriever> found = EnumSet.noneOf(Retriever.class);
            if (bm25Scores.containsKey(entry.getKey())) {
                found.add(Retriever.BM25);
            }
            if (denseScores.containsKey(entry.getKey())) {
                found.add(Retriever.DENSE);
            }
            hits.add(new SearchHit(path, d.getField(START).numericValue().intValue(),
                    d.getField(END).numericValue().intValue(), d.get("symbol"), d.get("language"),
                    entry.getValue(), d.get("text"), found));
            if (hits.size() == limit) {
                break;
            }
        }
        return hits;
    }

    private void commit() throws IOException {
        writer.setLiveCommitData(Map.of(EMBEDDER_KEY, embedderId(), LAYOUT_KEY, layout).entrySet());
        writer.commit();
        if (searchers != null) {
            searchers.maybeRefreshBlocking();
        }
    }

    private String embedderId() {
        Embedder e = options.embedder();
        return e == null ? "none" : e.name() + "/" + e.dimension();
    }

    private static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        if (norm == 0) {
            out[0] = 1; // Lucene's dot product needs unit vectors
        }
        return out;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            searchers.close();
            writer.close();
        } finally {
            directory.close();
        }
    }

    /** UTF-8 bytes of each value: for callers holding text. */
    public static Map<String, byte[]> utf8(Map<String, String> files) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(StandardCharsets.UTF_8)));
        return bytes;
    }

}
