package dev.osprey.tokenizer.classes;

import static dev.osprey.tokenizer.classes.TokenClass.COMMENT;
import static dev.osprey.tokenizer.classes.TokenClass.IDENTIFIER;
import static dev.osprey.tokenizer.classes.TokenClass.KEYWORD;
import static dev.osprey.tokenizer.classes.TokenClass.NUMBER_LITERAL;
import static dev.osprey.tokenizer.classes.TokenClass.PUNCTUATION;
import static dev.osprey.tokenizer.classes.TokenClass.STRING_LITERAL;
import static dev.osprey.tokenizer.classes.TokenClass.WHITESPACE;

import java.util.Set;

/**
 * The per-language decisions: which tree-sitter node types are comments, literals, names and keywords.
 * The reasoning is in the package documentation; node type names are those of the grammar versions in the pom.
 */
final class LanguageNodeRules {

    /** C23 keywords (C's reserved words), for {@code primitive_type}, {@code true}, {@code false}, {@code null}. */
    private static final Set<String> C_KEYWORDS = Set.of(
            "alignas", "alignof", "auto", "bool", "break", "case", "char", "const", "constexpr", "continue",
            "default", "do", "double", "else", "enum", "extern", "false", "float", "for", "goto", "if", "inline",
            "int", "long", "nullptr", "register", "restrict", "return", "short", "signed", "sizeof", "static",
            "static_assert", "struct", "switch", "thread_local", "true", "typedef", "typeof", "typeof_unqual",
            "union", "unsigned", "void", "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_BitInt", "_Bool",
            "_Complex", "_Decimal128", "_Decimal32", "_Decimal64", "_Generic", "_Imaginary", "_Noreturn",
            "_Static_assert", "_Thread_local");

    /** Rust strict and reserved keywords (weak keywords such as {@code union} are names elsewhere). */
    private static final Set<String> RUST_KEYWORDS = Set.of(
            "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
            "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
            "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
            "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof",
            "unsized", "virtual", "yield");

    /** C++23 keywords. */
    private static final Set<String> CPP_KEYWORDS = Set.of(
            "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
            "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
            "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default",
            "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false",
            "float", "for", "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new",
            "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected", "public",
            "register", "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
            "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw", "true",
            "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
            "wchar_t", "while", "xor", "xor_eq");

    private LanguageNodeRules() {
    }

    static NodeTypeRules of(SourceLanguage language) {
        return switch (language) {
            case JAVA -> java();
            case PYTHON -> python();
            case JAVASCRIPT -> javascript();
            case TYPESCRIPT -> typescript();
            case GO -> go();
            case RUST -> rust();
            case C -> c(C_KEYWORDS).build();
            case CPP -> cpp();
        };
    }

    private static NodeTypeRules java() {
        return NodeTypeRules.builder()
                .tokens(COMMENT, "line_comment", "block_comment")
                .literals("string_literal")
                .islands("string_interpolation")
                .tokens(STRING_LITERAL, "character_literal")
                .tokens(NUMBER_LITERAL, "decimal_integer_literal", "hex_integer_literal", "octal_integer_literal",
                        "binary_integer_literal", "decimal_floating_point_literal", "hex_floating_point_literal")
                .tokens(IDENTIFIER, "identifier", "type_identifier")
                .tokens(KEYWORD, "true", "false", "null_literal", "this", "super", "boolean_type", "void_type",
                        "underscore_pattern")
                .anonymous(PUNCTUATION, "@")
                .build();
    }

    private static NodeTypeRules python() {
        return NodeTypeRules.builder()
                .tokens(COMMENT, "comment")
                .literals("string", "format_specifier")
                .islands("interpolation", "format_expression")
                .tokens(STRING_LITERAL, "type_conversion")
                .tokens(WHITESPACE, "line_continuation")
                .tokens(NUMBER_LITERAL, "integer", "float")
                .tokens(IDENTIFIER, "identifier")
                .tokens(KEYWORD, "true", "false", "none")
                .build();
    }

    private static NodeTypeRules javascript() {
        return ecmaScript()
                .tokens(STRING_LITERAL, "html_character_reference") // in JSX text; the TypeScript grammar has no JSX
                .build();
    }

    /** What JavaScript and TypeScript share. */
    private static NodeTypeRules.Builder ecmaScript() {
        return NodeTypeRules.builder()
                .tokens(COMMENT, "comment", "html_comment", "hash_bang_line")
                .literals("string", "template_string", "regex")
                .islands("template_substitution")
                .tokens(STRING_LITERAL, "jsx_text")
                .tokens(NUMBER_LITERAL, "number")
                .tokens(IDENTIFIER, "identifier", "property_identifier", "shorthand_property_identifier",
                        "shorthand_property_identifier_pattern", "private_property_identifier", "statement_identifier",
                        "undefined")
                .tokens(KEYWORD, "true", "false", "null", "this", "super")
                .anonymous(PUNCTUATION, "@", "${");
    }

    private static NodeTypeRules typescript() {
        return ecmaScript()
                .literals("template_literal_type")
                .islands("template_type")
                .tokens(IDENTIFIER, "type_identifier")
                .tokens(KEYWORD, "this_type")
                .build();
    }

    private static NodeTypeRules go() {
        return NodeTypeRules.builder()
                .tokens(COMMENT, "comment")
                .literals("interpreted_string_literal", "raw_string_literal")
                .tokens(STRING_LITERAL, "rune_literal")
                .tokens(NUMBER_LITERAL, "int_literal", "float_literal", "imaginary_literal")
                .tokens(IDENTIFIER, "identifier", "field_identifier", "type_identifier", "package_identifier",
                        "label_name", "blank_identifier", "true", "false", "nil", "iota")
                .build();
    }

    private static NodeTypeRules rust() {
        return NodeTypeRules.builder()
                .tokens(COMMENT, "line_comment", "block_comment", "shebang")
                .literals("string_literal", "raw_string_literal")
                .tokens(STRING_LITERAL, "char_literal")
                .tokens(NUMBER_LITERAL, "integer_literal", "float_literal")
                .tokens(IDENTIFIER, "field_identifier", "shorthand_field_identifier", "primitive_type", "lifetime",
                        "label", "metavariable")
                .reservedWordsOrIdentifiers(RUST_KEYWORDS, "identifier", "type_identifier")
                .tokens(KEYWORD, "self", "super", "crate", "mutable_specifier", "boolean_literal")
                .anonymous(PUNCTUATION, "#")
                .build();
    }

    private static NodeTypeRules.Builder c(Set<String> keywords) {
        return NodeTypeRules.builder()
                .tokens(COMMENT, "comment")
                .literals("string_literal", "char_literal")
                .tokens(STRING_LITERAL, "system_lib_string")
                .tokens(NUMBER_LITERAL, "number_literal")
                .tokens(IDENTIFIER, "field_identifier", "statement_identifier")
                .tokens(KEYWORD, "preproc_directive")
                .reservedWordsOrIdentifiers(keywords, "identifier", "type_identifier", "primitive_type", "true",
                        "false", "null")
                .injections("preproc_arg");
    }

    private static NodeTypeRules cpp() {
        return c(CPP_KEYWORDS)
                .literals("raw_string_literal")
                .suffixes("literal_suffix")
                .tokens(IDENTIFIER, "namespace_identifier")
                .tokens(KEYWORD, "this", "auto")
                .build();
    }
}
