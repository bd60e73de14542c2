package dev.osprey.context.symbol;

import dev.osprey.context.chunk.SyntaxTrees;
import dev.osprey.tokenizer.classes.SourceLanguage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.treesitter.TSNode;
import org.treesitter.TSTree;

/**
 * Reads a file's definitions and imports from its tree-sitter parse. Files without a grammar, files whose parse is
 * mostly syntax errors and files tree-sitter fails on yield {@link FileSymbols#text text} symbols: they are still
 * indexed as text, only without definitions. Thread-safe.
 */
public final class SymbolExtractor {
    private static final System.Logger LOG = System.getLogger(SymbolExtractor.class.getName());
    static final int MAX_SIGNATURE_CHARS = 300;
    static final int MAX_DOC_LINES = 30;
    /** Nodes whose named children are visited as if they were their parent's (include guards, enum bodies). */
    private static final Set<String> TRANSPARENT = Set.of("preproc_ifdef", "preproc_if", "preproc_else",
            "preproc_elif", "enum_body_declarations", "linkage_specification", "declaration_list");

    public FileSymbols extract(String path, String content) {
        Optional<SourceLanguage> language = SourceLanguage.fromPath(path);
        if (language.isEmpty() || content.isEmpty()) {
            return FileSymbols.text(path);
        }
        byte[] utf8 = content.getBytes(StandardCharsets.UTF_8);
        try {
            TSTree tree = SyntaxTrees.parse(language.get(), utf8);
            if (tree == null) {
                return FileSymbols.text(path);
            }
            try {
                TSNode root = tree.getRootNode();
                if (SyntaxTrees.mostlyErrors(root, (int) Math.max(1, content.lines().count()))) {
                    return FileSymbols.text(path);
                }
                Walk walk = new Walk(path, language.get(), utf8);
                walk.module = ModuleNames.fromPath(language.get(), path);
                walk.visit(root, "", false);
                String module = walk.module;
                List<Definition> definitions = walk.definitions.stream()
                        .map(d -> new Definition(path, d.symbol(), module.isEmpty() ? d.symbol() : module + "." + d.symbol(),
                                d.kind(), d.startLine(), d.endLine(), d.signature(), d.doc()))
                        .toList();
                return new FileSymbols(path, language.get().id(), module, definitions, walk.imports);
            } finally {
                tree.close();
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "symbols of " + path + " not read; indexed as text", e);
            return FileSymbols.text(path);
        }
    }

    /** One declaration found by {@link Walk#classify}: {@code body} is visited for members when not null. */
    private record Found(TSNode node, String name, DefinitionKind kind, TSNode body) {
    }

    /** One walk over a parsed file. */
    private static final class Walk {
        final String path;
        final SourceLanguage language;
        final byte[] utf8;
        final List<Definition> definitions = new ArrayList<>();
        final List<Import> imports = new ArrayList<>();
        String module = "";

        Walk(String path, SourceLanguage language, byte[] utf8) {
            this.path = path;
            this.language = language;
            this.utf8 = utf8;
        }

        /** Visits the named children of {@code body}; {@code inType} when they are members of a type. */
        void visit(TSNode body, String prefix, boolean inType) {
            int commentStart = -1;
            int commentEnd = -1;
            for (int i = 0, n = body.getNamedChildCount(); i < n; i++) {
                TSNode child = body.getNamedChild(i);
                String type = child.getType();
                int start = row(child);
                if (type.contains("comment")) {
                    if (commentStart < 0 || start > commentEnd + 1) {
                        commentStart = i;
                    }
                    commentEnd = endRow(child);
                    continue;
                }
                if (type.equals("attribute_item") && commentStart >= 0 && start <= commentEnd + 1) {
                    commentEnd = endRow(child); // #[derive(...)] between a Rust doc comment and its item
                    continue;
                }
                String doc = commentStart >= 0 && commentEnd >= start - 1 ? comments(body, commentStart, i) : "";
                int docRow = doc.isEmpty() ? start : row(body.getNamedChild(commentStart));
                commentStart = -1;
                if (prefix.isEmpty() && !inType && readImport(child)) {
                    continue;
                }
                if (TRANSPARENT.contains(type)) {
                    visit(child, prefix, inType);
                    continue;
                }
                for (Found f : classify(child, inType, prefix.isEmpty())) {
                    String symbol = f.node.getType().equals("method_declaration") && language == SourceLanguage.GO
                            ? goReceiver(f.node) + "." + f.name
                            : prefix.isEmpty() ? f.name : prefix + "." + f.name;
                    if (f.kind != null) {
                        String fullDoc = doc.isEmpty() ? docstring(f.body) : doc;
                        definitions.add(new Definition(path, symbol, symbol, f.kind, Math.min(docRow, start) + 1,
                                endRow(child) + 1, signature(f.node, f.body), fullDoc));
                    }
                    if (f.body != null && (f.kind == null || f.kind.container())) {
                        visit(f.body, symbol, f.kind != DefinitionKind.MODULE);
                    }
                }
            }
        }

        /** The declarations {@code node} makes, with their kinds; a {@code null} kind only names a container (Rust impl). */
        private List<Found> classify(TSNode node, boolean inType, boolean topLevel) {
            String type = node.getType();
            DefinitionKind function = inType ? DefinitionKind.METHOD : DefinitionKind.FUNCTION;
            switch (type) {
                case "decorated_definition", "export_statement", "template_declaration" -> {
                    TSNode inner = field(node, type.equals("decorated_definition") ? "definition" : "declaration");
                    if (inner == null) {
                        for (int i = 0, n = node.getNamedChildCount(); i < n && inner == null; i++) {
                            if (!classify(node.getNamedChild(i), inType, topLevel).isEmpty()) {
                                inner = node.getNamedChild(i);
                            }
                        }
                    }
                    return inner == null ? List.of() : classify(inner, inType, topLevel);
                }
                case "function_definition" -> {
                    if (language == SourceLanguage.PYTHON) {
                        return one(node, nameOf(node), function, field(node, "body"));
                    }
                    String name = declaratorName(node);
                    return one(node, name, inType || name.contains(".") ? DefinitionKind.METHOD : DefinitionKind.FUNCTION,
                            field(node, "body"));
                }
                case "function_declaration", "generator_function_declaration", "function_item" ->
                        { return one(node, nameOf(node), function, field(node, "body")); }
                case "method_declaration", "constructor_declaration", "compact_constructor_declaration",
                     "method_definition", "function_signature_item", "method_signature", "abstract_method_signature" ->
                        { return one(node, nameOf(node), DefinitionKind.METHOD, field(node, "body")); }
                case "class_definition", "class_declaration", "abstract_class_declaration", "record_declaration",
                     "enum_declaration" -> {
                    DefinitionKind kind = type.equals("enum_declaration") && language == SourceLanguage.TYPESCRIPT
                            ? DefinitionKind.TYPE : DefinitionKind.CLASS;
                    return one(node, nameOf(node), kind, kind == DefinitionKind.CLASS ? field(node, "body") : null);
                }
                case "interface_declaration", "annotation_type_declaration", "trait_item" ->
                        { return one(node, nameOf(node), DefinitionKind.INTERFACE,
                                language == SourceLanguage.TYPESCRIPT ? null : field(node, "body")); }
                case "class_specifier" -> { return one(node, nameOf(node), DefinitionKind.CLASS, field(node, "body")); }
                case "struct_specifier", "union_specifier", "enum_specifier" -> {
                    if (field(node, "body") == null) {
                        return List.of();
                    }
                    boolean cppClass = language == SourceLanguage.CPP && !type.equals("enum_specifier");
                    return one(node, nameOf(node), cppClass ? DefinitionKind.CLASS : DefinitionKind.TYPE,
                            cppClass ? field(node, "body") : null);
                }
                case "struct_item", "enum_item", "union_item", "type_item", "type_alias_declaration", "alias_declaration" ->
                        { return one(node, nameOf(node), DefinitionKind.TYPE, null); }
                case "type_definition" -> { return one(node, declaratorName(node), DefinitionKind.TYPE, null); }
                case "impl_item" -> {
                    TSNode implType = field(node, "type");
                    return implType == null ? List.of()
                            : List.of(new Found(node, bare(text(implType)), null, field(node, "body")));
                }
                case "mod_item", "namespace_definition", "internal_module", "module" -> {
                    TSNode body = field(node, "body");
                    return body == null ? List.of() : one(node, nameOf(node), DefinitionKind.MODULE, body);
                }
                case "type_declaration" -> { return goTypes(node); }
                case "const_declaration", "var_declaration" -> {
                    return topLevel ? goValues(node, type.startsWith("const") ? DefinitionKind.CONSTANT
                            : DefinitionKind.VARIABLE) : List.of();
                }
                case "const_item", "static_item", "preproc_def" ->
                        { return one(node, nameOf(node), DefinitionKind.CONSTANT, null); }
                case "preproc_function_def" -> { return one(node, nameOf(node), DefinitionKind.FUNCTION, null); }
                case "field_declaration", "constant_declaration" -> { return fields(node, inType); }
                case "declaration" -> { return cDeclaration(node, inType); }
                case "lexical_declaration", "variable_declaration" -> { return topLevel ? jsVariables(node) : List.of(); }
                case "expression_statement" -> { return topLevel ? pythonAssignment(node) : List.of(); }
                default -> { return List.of(); }
            }
        }

        private List<Found> one(TSNode node, String name, DefinitionKind kind, TSNode body) {
            return name.isEmpty() ? List.of() : List.of(new Found(node, name, kind, body));
        }

        private List<Found> goTypes(TSNode declaration) {
            List<Found> found = new ArrayList<>();
            for (int i = 0, n = declaration.getNamedChildCount(); i < n; i++) {
                TSNode spec = declaration.getNamedChild(i);
                TSNode value = field(spec, "type");
                boolean iface = value != null && value.getType().equals("interface_type");
                found.addAll(one(spec, nameOf(spec), iface ? DefinitionKind.INTERFACE : DefinitionKind.TYPE, null));
            }
            return found;
        }

        private List<Found> goValues(TSNode declaration, DefinitionKind kind) {
            List<Found> found = new ArrayList<>();
            for (int i = 0, n = declaration.getNamedChildCount(); i < n; i++) {
                TSNode spec = declaration.getNamedChild(i);
                for (int j = 0, m = spec.getNamedChildCount(); j < m; j++) {
                    if ("name".equals(spec.getFieldNameForNamedChild(j))) {
                        found.addAll(one(spec, text(spec.getNamedChild(j)), kind, null));
                    }
                }
            }
            return found;
        }

        /** Java {@code static final} fields and interface constants; C++ member function declarations. */
        private List<Found> fields(TSNode node, boolean inType) {
            if (language == SourceLanguage.CPP || language == SourceLanguage.C) {
                return cDeclaration(node, inType);
            }
            if (language != SourceLanguage.JAVA) {
                return List.of();
            }
            String modifiers = "";
            for (int i = 0, n = node.getNamedChildCount(); i < n; i++) {
                if (node.getNamedChild(i).getType().equals("modifiers")) {
                    modifiers = text(node.getNamedChild(i));
                }
            }
            boolean constant = node.getType().equals("constant_declaration")
                    || (modifiers.matches("(?s).*\\bstatic\\b.*") && modifiers.matches("(?s).*\\bfinal\\b.*"));
            if (!constant) {
                return List.of();
            }
            List<Found> found = new ArrayList<>();
            for (int i = 0, n = node.getNamedChildCount(); i < n; i++) {
                TSNode declarator = node.getNamedChild(i);
                if (declarator.getType().equals("variable_declarator")) {
                    found.addAll(one(node, nameOf(declarator), DefinitionKind.CONSTANT, null));
                }
            }
            return found;
        }

        /** C and C++ function prototypes (a header's API) and member function declarations. */
        private List<Found> cDeclaration(TSNode node, boolean inType) {
            TSNode declarator = field(node, "declarator");
            while (declarator != null && !declarator.getType().equals("function_declarator")) {
                declarator = field(declarator, "declarator");
            }
            if (declarator == null) {
                TSNode type = field(node, "type");
                return type == null ? List.of() : classify(type, inType, false);
            }
            return one(node, declaratorName(node), inType ? DefinitionKind.METHOD : DefinitionKind.FUNCTION, null);
        }

        /** {@code const f = () => {}} is a function; other top-level {@code const}s constants, {@code let}/{@code var} variables. */
        private List<Found> jsVariables(TSNode node) {
            boolean isConst = text(node).startsWith("const");
            List<Found> found = new ArrayList<>();
            for (int i = 0, n = node.getNamedChildCount(); i < n; i++) {
                TSNode declarator = node.getNamedChild(i);
                TSNode name = field(declarator, "name");
                if (!declarator.getType().equals("variable_declarator") || name == null
                        || !name.getType().equals("identifier")) {
                    continue;
                }
                TSNode value = field(declarator, "value");
                String valueType = value == null ? "" : value.getType();
                if (valueType.equals("call_expression") && text(value).startsWith("require")) {
                    continue;
                }
                if (valueType.matches("arrow_function|function_expression|function|generator_function")) {
                    found.add(new Found(node, text(name), DefinitionKind.FUNCTION, field(value, "body")));
                } else if (valueType.equals("class")) {
                    found.add(new Found(node, text(name), DefinitionKind.CLASS, field(value, "body")));
                } else {
                    found.add(new Found(node, text(name), isConst ? DefinitionKind.CONSTANT : DefinitionKind.VARIABLE, null));
                }
            }
            return found;
        }

        /** {@code NAME = ...} at module level: a constant when upper case, else a variable. */
        private List<Found> pythonAssignment(TSNode statement) {
            if (language != SourceLanguage.PYTHON || statement.getNamedChildCount() != 1) {
                return List.of();
            }
            TSNode assignment = statement.getNamedChild(0);
            TSNode left = assignment.getType().equals("assignment") ? field(assignment, "left") : null;
            if (left == null || !left.getType().equals("identifier")) {
                return List.of();
            }
            String name = text(left);
            return one(statement, name, name.matches("_*[A-Z][A-Z0-9_]*") ? DefinitionKind.CONSTANT
                    : DefinitionKind.VARIABLE, null);
        }

        /** Reads an import, include, use, package or module statement; @return whether {@code node} was one */
        private boolean readImport(TSNode node) {
            int line = row(node) + 1;
            String type = node.getType();
            String statement = text(node).strip().replaceAll("\\s+", " ");
            switch (type) {
                case "package_declaration" -> module = statement.replaceFirst("^package ", "").replaceAll("[;\\s]", "");
                case "package_clause" -> module = statement.replaceFirst("^package ", "").strip();
                case "import_declaration", "import_statement", "import_from_statement", "use_declaration",
                     "preproc_include" -> imports.addAll(ImportSyntax.parse(language, statement, line));
                case "lexical_declaration", "variable_declaration" -> {
                    if (!statement.matches(".*=\\s*require\\s*\\(.*")) {
                        return false;
                    }
                    imports.addAll(ImportSyntax.parseRequire(statement, line));
                }
                case "mod_item" -> {
                    if (field(node, "body") != null) {
                        return false;
                    }
                    String name = nameOf(node);
                    imports.add(Import.module(line, "self::" + name, name));
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        private String signature(TSNode node, TSNode body) {
            int end = body != null && body.getStartByte() > node.getStartByte() ? body.getStartByte() : node.getEndByte();
            String text = new String(utf8, node.getStartByte(), Math.max(0, Math.min(end, utf8.length) - node.getStartByte()),
                    StandardCharsets.UTF_8);
            if (body == null && text.lines().count() > 3) {
                text = text.lines().findFirst().orElse("");
            }
            String collapsed = text.strip().replaceAll("\\s+", " ").replaceFirst("\\s*[{:=]$", "").strip();
            collapsed = switch (node.getType()) { // a Go spec without its declaration's keyword
                case "type_spec", "type_alias" -> "type " + collapsed;
                case "const_spec" -> "const " + collapsed;
                case "var_spec" -> "var " + collapsed;
                default -> collapsed;
            };
            return collapsed.length() <= MAX_SIGNATURE_CHARS ? collapsed
                    : collapsed.substring(0, MAX_SIGNATURE_CHARS) + "…";
        }

        /** A Python docstring: the first statement of {@code body} when it is a string. */
        private String docstring(TSNode body) {
            if (language != SourceLanguage.PYTHON || body == null || body.getNamedChildCount() == 0) {
                return "";
            }
            TSNode first = body.getNamedChild(0);
            if (first.getType().equals("expression_statement") && first.getNamedChildCount() == 1
                    && first.getNamedChild(0).getType().equals("string")) {
                return capped(text(first.getNamedChild(0)));
            }
            return "";
        }

        private String comments(TSNode body, int from, int to) {
            StringBuilder doc = new StringBuilder();
            for (int i = from; i < to; i++) {
                doc.append(doc.isEmpty() ? "" : "\n").append(text(body.getNamedChild(i)).strip());
            }
            return capped(doc.toString());
        }

        private static String capped(String doc) {
            List<String> lines = doc.lines().toList();
            return lines.size() <= MAX_DOC_LINES ? doc : String.join("\n", lines.subList(0, MAX_DOC_LINES)) + "\n…";
        }

        private String nameOf(TSNode node) {
            TSNode name = field(node, "name");
            return name == null ? "" : bare(text(name));
        }

        /** The name in a C or C++ declarator chain: {@code int *f(void)} → {@code f}; {@code A::b} → {@code A.b}. */
        private String declaratorName(TSNode node) {
            TSNode declarator = field(node, "declarator");
            while (declarator != null) {
                TSNode next = field(declarator, "declarator");
                if (next == null || declarator.getType().matches(
                        "identifier|field_identifier|type_identifier|qualified_identifier|destructor_name|operator_name")) {
                    return bare(text(declarator));
                }
                declarator = next;
            }
            return "";
        }

        /** {@code Map<K, V>} → {@code Map}; {@code a::b} → {@code a.b}; blanks removed. */
        private static String bare(String name) {
            String text = name.strip().replace("::", ".");
            int generic = text.indexOf('<');
            return (generic > 0 ? text.substring(0, generic) : text).replaceAll("[\\s*&]", "");
        }

        /** {@code (s *Server)} → {@code Server}; {@code (l List[T])} → {@code List}. */
        private String goReceiver(TSNode method) {
            String receiver = text(field(method, "receiver")).replaceAll("\\[.*", "").replaceAll("[()*]", " ").strip();
            String[] words = receiver.split("\\s+");
            return words[words.length - 1];
        }

        private static TSNode field(TSNode node, String name) {
            TSNode child = node.getChildByFieldName(name);
            return child == null || child.isNull() ? null : child;
        }

        private String text(TSNode node) {
            int start = Math.min(node.getStartByte(), utf8.length);
            int end = Math.min(node.getEndByte(), utf8.length);
            return new String(utf8, start, Math.max(0, end - start), StandardCharsets.UTF_8);
        }

        private static int row(TSNode node) {
            return node.getStartPoint().getRow();
        }

        private static int endRow(TSNode node) {
            int start = node.getStartPoint().getRow();
            var end = node.getEndPoint();
            return end.getColumn() == 0 && end.getRow() > start ? end.getRow() - 1 : end.getRow();
        }
    }
}
