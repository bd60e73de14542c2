package dev.osprey.context.chunk;

import dev.osprey.tokenizer.classes.SourceLanguage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.treesitter.TSNode;
import org.treesitter.TSTree;

/**
 * Cuts source files along their syntax with tree-sitter: each function or method is a chunk, a class's header and
 * fields form their own chunk, file-level code (package, imports, top-level statements) forms block chunks. Comments
 * directly above a declaration go with it; lines holding no letter or digit (blank lines, closing braces) join the
 * chunk before them. Chunks longer than {@code maxChunkLines} are cut into line windows that keep the symbol.
 *
 * <p>Files of other languages, and files whose parse is mostly syntax errors, are cut into overlapping line windows.
 * Every line of a file belongs to at least one chunk.
 */
public final class CodeChunker implements Chunker {
    /** Language id of files chunked by line windows because no grammar applies. */
    public static final String TEXT = "text";

    private static final System.Logger LOG = System.getLogger(CodeChunker.class.getName());

    private final int maxChunkLines;
    private final LineWindows windows;

    /** 120-line chunks at most; windows of 40 lines overlapping by 10. */
    public CodeChunker() {
        this(120, 40, 10);
    }

    /**
     * @param maxChunkLines a structural chunk longer than this is cut into windows
     * @param windowLines   lines per window (fallback files and oversized chunks)
     * @param overlapLines  lines shared by consecutive windows
     */
    public CodeChunker(int maxChunkLines, int windowLines, int overlapLines) {
        if (maxChunkLines < windowLines) {
            throw new IllegalArgumentException("maxChunkLines < windowLines: " + maxChunkLines + " < " + windowLines);
        }
        this.maxChunkLines = maxChunkLines;
        this.windows = new LineWindows(windowLines, overlapLines);
    }

    @Override
    public List<CodeChunk> chunk(String path, String content) {
        String[] lines = lines(content);
        if (lines.length == 0) {
            return List.of();
        }
        Optional<SourceLanguage> language = SourceLanguage.fromPath(path);
        if (language.isPresent()) {
            try {
                List<CodeChunk> chunks = structural(path, language.get(), content, lines);
                if (chunks != null) {
                    return chunks;
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.DEBUG, "tree-sitter failed on " + path + "; chunking by line windows", e);
            }
        }
        String id = language.map(SourceLanguage::id).orElse(TEXT);
        List<CodeChunk> chunks = new ArrayList<>();
        for (int[] w : windows.split(1, lines.length)) {
            chunks.add(new CodeChunk(path, id, w[0], w[1], "", ChunkKind.WINDOW, List.of(), join(lines, w[0], w[1])));
        }
        return chunks;
    }

    /** Lines without their terminators; a final terminator does not start another line. */
    static String[] lines(String content) {
        if (content.isEmpty()) {
            return new String[0];
        }
        String[] split = content.split("\n", -1);
        int n = content.endsWith("\n") ? split.length - 1 : split.length;
        String[] lines = new String[n];
        for (int i = 0; i < n; i++) {
            String line = split[i];
            lines[i] = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
        return lines;
    }

    private static String join(String[] lines, int startLine, int endLine) {
        return String.join("\n", java.util.Arrays.asList(lines).subList(startLine - 1, endLine));
    }

    /** @return null when too much of the file failed to parse */
    private List<CodeChunk> structural(String path, SourceLanguage language, String content, String[] lines) {
        byte[] utf8 = content.getBytes(StandardCharsets.UTF_8);
        LanguageRules rules = LanguageRules.of(language);
        TSTree tree = SyntaxTrees.parse(language, utf8);
        if (tree == null) {
            return null;
        }
        try {
            TSNode root = tree.getRootNode();
            Walk walk = new Walk(rules, utf8, lines.length);
            if (SyntaxTrees.mostlyErrors(root, lines.length)) {
                return null;
            }
            List<String> imports = walk.imports(root);
            walk.visitBody(root, "");
            return toChunks(path, language.id(), lines, walk.owners, imports);
        } finally {
            tree.close();
        }
    }

    private List<CodeChunk> toChunks(String path, String language, String[] lines, Owner[] owners, List<String> imports) {
        // (segments, 3): {firstLine0, lastLine0, ownerIndex} of runs of lines with one owner
        List<int[]> segments = new ArrayList<>();
        List<Owner> segmentOwners = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!segments.isEmpty() && segmentOwners.getLast() == owners[i] && segments.getLast()[1] == i - 1) {
                segments.getLast()[1] = i;
            } else {
                segments.add(new int[] {i, i});
                segmentOwners.add(owners[i]);
            }
        }
        // runs of lines without a letter or digit join the previous run (the next one at the start of the file)
        List<int[]> merged = new ArrayList<>();
        List<Owner> mergedOwners = new ArrayList<>();
        int carryStart = -1;
        for (int s = 0; s < segments.size(); s++) {
            int[] seg = segments.get(s);
            if (trivial(lines, seg[0], seg[1])) {
                if (!merged.isEmpty()) {
                    merged.getLast()[1] = seg[1];
                } else if (carryStart < 0) {
                    carryStart = seg[0];
                }
                continue;
            }
            int start = carryStart >= 0 ? carryStart : seg[0];
            carryStart = -1;
            if (!merged.isEmpty() && mergedOwners.getLast() == segmentOwners.get(s)) {
                merged.getLast()[1] = seg[1];
            } else {
                merged.add(new int[] {start, seg[1]});
                mergedOwners.add(segmentOwners.get(s));
            }
        }
        if (merged.isEmpty()) {
            merged.add(new int[] {0, lines.length - 1});
            mergedOwners.add(owners[0]);
        }
        List<CodeChunk> chunks = new ArrayList<>();
        for (int m = 0; m < merged.size(); m++) {
            int first = merged.get(m)[0] + 1;
            int last = merged.get(m)[1] + 1;
            Owner owner = mergedOwners.get(m);
            List<int[]> pieces = last - first + 1 > maxChunkLines ? windows.split(first, last) : List.of(new int[] {first, last});
            for (int[] p : pieces) {
                chunks.add(new CodeChunk(path, language, p[0], p[1], owner.symbol, owner.kind, imports, join(lines, p[0], p[1])));
            }
        }
        return chunks;
    }

    private static boolean trivial(String[] lines, int first, int last) {
        for (int i = first; i <= last; i++) {
            String line = lines[i];
            for (int c = 0; c < line.length(); c++) {
                if (Character.isLetterOrDigit(line.charAt(c))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Who a line belongs to; compared by identity. */
    private record Owner(String symbol, ChunkKind kind) {
    }

    private enum Category { CONTAINER, FUNCTION, TYPE_UNIT }

    private record Declaration(TSNode node, Category category) {
    }

    /** One walk over a parsed file, assigning each line ({@code owners}, 0-based) to its innermost declaration. */
    private static final class Walk {
        private final LanguageRules rules;
        private final byte[] utf8;
        final Owner[] owners;

        Walk(LanguageRules rules, byte[] utf8, int lineCount) {
            this.rules = rules;
            this.utf8 = utf8;
            this.owners = new Owner[lineCount];
            java.util.Arrays.fill(owners, new Owner("", ChunkKind.BLOCK));
        }

        List<String> imports(TSNode root) {
            List<String> imports = new ArrayList<>();
            for (int i = 0, n = root.getNamedChildCount(); i < n; i++) {
                TSNode child = root.getNamedChild(i);
                if (rules.imports().contains(child.getType())) {
                    imports.add(text(child).strip().replaceAll("\\s+", " "));
                }
            }
            return imports;
        }

        void visitBody(TSNode body, String prefix) {
            int commentStart = -1;
            int commentEnd = -1;
            for (int i = 0, n = body.getNamedChildCount(); i < n; i++) {
                TSNode child = body.getNamedChild(i);
                String type = child.getType();
                int start = child.getStartPoint().getRow();
                int end = endRow(child);
                if (type.contains("comment")) {
                    if (commentStart < 0 || start > commentEnd + 1) {
                        commentStart = start;
                    }
                    commentEnd = end;
                    continue;
                }
                Declaration d = classify(child);
                if (d == null) {
                    if (rules.transparent().contains(type)) {
                        visitBody(child, prefix);
                    }
                    commentStart = -1;
                    continue;
                }
                if (commentStart >= 0 && commentEnd >= start - 1) {
                    start = commentStart;
                }
                commentStart = -1;
                String name = name(d.node);
                String symbol = d.node.getType().equals("method_declaration") && !d.node.getChildByFieldName("receiver").isNull()
                        ? goReceiver(d.node) + "." + name
                        : prefix.isEmpty() ? name : name.isEmpty() ? prefix : prefix + "." + name;
                switch (d.category) {
                    case FUNCTION -> assign(start, end, new Owner(symbol, ChunkKind.FUNCTION));
                    case TYPE_UNIT -> assign(start, end, new Owner(symbol, ChunkKind.TYPE));
                    case CONTAINER -> {
                        assign(start, end, new Owner(symbol, ChunkKind.TYPE));
                        TSNode inner = d.node.getChildByFieldName("body");
                        if (inner != null && !inner.isNull()) {
                            visitBody(inner, symbol);
                        }
                    }
                }
            }
        }

        private Declaration classify(TSNode node) {
            String type = node.getType();
            if (rules.functions().contains(type)) {
                return new Declaration(node, Category.FUNCTION);
            }
            if (rules.containers().contains(type)) {
                return new Declaration(node, Category.CONTAINER);
            }
            if (rules.typeUnits().contains(type)) {
                return new Declaration(node, Category.TYPE_UNIT);
            }
            if (rules.wrappers().contains(type)) {
                for (String field : List.of("definition", "declaration")) {
                    TSNode inner = node.getChildByFieldName(field);
                    if (inner != null && !inner.isNull()) {
                        Declaration d = classify(inner);
                        return d == null ? null : new Declaration(d.node, d.category);
                    }
                }
                for (int i = 0, n = node.getNamedChildCount(); i < n; i++) {
                    Declaration d = classify(node.getNamedChild(i));
                    if (d != null) {
                        return d;
                    }
                }
                return null;
            }
            if (type.equals("lexical_declaration") || type.equals("variable_declaration")) {
                // const f = (...) => {...}: a function named by its variable
                TSNode declarator = node.getNamedChildCount() > 0 ? node.getNamedChild(0) : null;
                TSNode value = declarator == null ? null : declarator.getChildByFieldName("value");
                if (value != null && !value.isNull() && value.getType().matches("arrow_function|function_expression|function")) {
                    return new Declaration(declarator, Category.FUNCTION);
                }
                return null;
            }
            if (type.equals("declaration") || type.equals("field_declaration")) {
                // C++: class A { ... };
                TSNode inner = node.getChildByFieldName("type");
                if (inner != null && !inner.isNull() && rules.containers().contains(inner.getType())
                        && !inner.getChildByFieldName("body").isNull()) {
                    return new Declaration(inner, Category.CONTAINER);
                }
            }
            return null;
        }

        private String name(TSNode node) {
            TSNode name = node.getChildByFieldName("name");
            if ((name == null || name.isNull()) && node.getType().equals("impl_item")) {
                name = node.getChildByFieldName("type");
            }
            if ((name == null || name.isNull()) && node.getType().equals("type_declaration") && node.getNamedChildCount() > 0) {
                name = node.getNamedChild(0).getChildByFieldName("name"); // Go type_spec
            }
            if ((name == null || name.isNull()) && node.getType().equals("type_definition")) {
                name = node.getChildByFieldName("declarator"); // C typedef
            }
            if (name == null || name.isNull()) {
                TSNode declarator = node.getChildByFieldName("declarator"); // C and C++ functions
                while (declarator != null && !declarator.isNull()) {
                    TSNode next = declarator.getChildByFieldName("declarator");
                    if (next == null || next.isNull() || declarator.getType().matches(
                            "identifier|field_identifier|qualified_identifier|destructor_name|operator_name")) {
                        name = declarator;
                        break;
                    }
                    declarator = next;
                }
            }
            if (name == null || name.isNull()) {
                return "";
            }
            String text = text(name).strip().replace("::", ".");
            int generic = text.indexOf('<');
            return (generic > 0 ? text.substring(0, generic) : text).replaceAll("\\s+", "");
        }

        /** {@code (s *Server)} → {@code Server}; {@code (l List[T])} → {@code List}. */
        private String goReceiver(TSNode method) {
            String receiver = text(method.getChildByFieldName("receiver")).replaceAll("\\[.*", "").replaceAll("[()*]", " ").strip();
            String[] words = receiver.split("\\s+");
            return words[words.length - 1];
        }

        private String text(TSNode node) {
            int start = Math.min(node.getStartByte(), utf8.length);
            int end = Math.min(node.getEndByte(), utf8.length);
            return new String(utf8, start, Math.max(0, end - start), StandardCharsets.UTF_8);
        }

        private int endRow(TSNode node) {
            int start = node.getStartPoint().getRow();
            var endPoint = node.getEndPoint();
            int end = endPoint.getColumn() == 0 && endPoint.getRow() > start ? endPoint.getRow() - 1 : endPoint.getRow();
            return Math.min(end, owners.length - 1);
        }

        private void assign(int start, int end, Owner owner) {
            for (int row = Math.max(0, start); row <= Math.min(end, owners.length - 1); row++) {
                owners[row] = owner;
            }
        }
    }
}
