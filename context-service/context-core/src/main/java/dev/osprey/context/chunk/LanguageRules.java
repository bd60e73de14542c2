package dev.osprey.context.chunk;

import dev.osprey.tokenizer.classes.SourceLanguage;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.treesitter.TSLanguage;
import org.treesitter.TreeSitterC;
import org.treesitter.TreeSitterCpp;
import org.treesitter.TreeSitterGo;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterRust;
import org.treesitter.TreeSitterTypescript;

/**
 * Which tree-sitter node types of one grammar the {@link CodeChunker} cuts along.
 *
 * @param grammar     creates the grammar's JNI language object
 * @param containers  types whose {@code body} field holds members that become chunks of their own (classes, impls,
 *                    namespaces); the rest of a container's lines form its {@link ChunkKind#TYPE} chunk
 * @param functions   functions, methods, constructors: one {@link ChunkKind#FUNCTION} chunk each
 * @param typeUnits   type declarations kept whole as one {@link ChunkKind#TYPE} chunk (Go types, Rust structs, ...)
 * @param wrappers    nodes wrapping a declaration (decorators, {@code export}, {@code template<...>}): the chunk takes
 *                    the wrapper's lines and the wrapped declaration's name and category
 * @param transparent member lists nested inside a body whose members are visited as if they were the body's own
 * @param imports     import, use and include statements
 */
record LanguageRules(Supplier<TSLanguage> grammar, Set<String> containers, Set<String> functions, Set<String> typeUnits,
                     Set<String> wrappers, Set<String> transparent, Set<String> imports) {

    private static final Map<SourceLanguage, LanguageRules> RULES = Map.of(
            SourceLanguage.JAVA, new LanguageRules(TreeSitterJava::new,
                    Set.of("class_declaration", "interface_declaration", "enum_declaration", "record_declaration",
                            "annotation_type_declaration"),
                    Set.of("method_declaration", "constructor_declaration", "compact_constructor_declaration"),
                    Set.of(), Set.of(), Set.of("enum_body_declarations"),
                    Set.of("package_declaration", "import_declaration")),
            SourceLanguage.PYTHON, new LanguageRules(TreeSitterPython::new,
                    Set.of("class_definition"), Set.of("function_definition"), Set.of(),
                    Set.of("decorated_definition"), Set.of(),
                    Set.of("import_statement", "import_from_statement", "future_import_statement")),
            SourceLanguage.JAVASCRIPT, new LanguageRules(TreeSitterJavascript::new,
                    Set.of("class_declaration", "class"),
                    Set.of("function_declaration", "generator_function_declaration", "method_definition"),
                    Set.of(), Set.of("export_statement"), Set.of(), Set.of("import_statement")),
            SourceLanguage.TYPESCRIPT, new LanguageRules(TreeSitterTypescript::new,
                    Set.of("class_declaration", "abstract_class_declaration", "class", "internal_module", "module"),
                    Set.of("function_declaration", "generator_function_declaration", "method_definition"),
                    Set.of("interface_declaration", "type_alias_declaration", "enum_declaration"),
                    Set.of("export_statement"), Set.of(), Set.of("import_statement")),
            SourceLanguage.GO, new LanguageRules(TreeSitterGo::new,
                    Set.of(), Set.of("function_declaration", "method_declaration"), Set.of("type_declaration"),
                    Set.of(), Set.of(), Set.of("package_clause", "import_declaration")),
            SourceLanguage.RUST, new LanguageRules(TreeSitterRust::new,
                    Set.of("impl_item", "trait_item", "mod_item"), Set.of("function_item"),
                    Set.of("struct_item", "enum_item", "union_item"), Set.of(), Set.of(), Set.of("use_declaration")),
            SourceLanguage.C, new LanguageRules(TreeSitterC::new,
                    Set.of(), Set.of("function_definition"), Set.of("struct_specifier", "type_definition"),
                    Set.of(), Set.of(), Set.of("preproc_include")),
            SourceLanguage.CPP, new LanguageRules(TreeSitterCpp::new,
                    Set.of("class_specifier", "struct_specifier", "namespace_definition"), Set.of("function_definition"),
                    Set.of("enum_specifier"), Set.of("template_declaration"), Set.of(),
                    Set.of("preproc_include", "using_declaration")));

    static LanguageRules of(SourceLanguage language) {
        return RULES.get(language);
    }
}
