/**
 * Code-aware token classes (the "hybrid tokenizer"): the syntactic class of each BPE token of a source text, from
 * a tree-sitter parse of that text.
 *
 * <h2>Use</h2>
 * {@link dev.osprey.tokenizer.classes.CodeTokenClassifier#classify} takes the source, its
 * {@link dev.osprey.tokenizer.classes.SourceLanguage} and an {@link dev.osprey.tokenizer.Encoding} (token ids with
 * UTF-8 byte spans) and returns, per token, the distinct {@link dev.osprey.tokenizer.classes.TokenClass}es of the
 * bytes it covers in order of first appearance: {@code " foo"} is {@code [WHITESPACE, IDENTIFIER]}, {@code "x="}
 * is {@code [IDENTIFIER, OPERATOR]}, BOS (an empty span) is {@code []}.
 * {@link dev.osprey.tokenizer.classes.CodeTokenClassifier#classifyBytes} gives the per-byte map itself.
 *
 * <h2>How bytes get classes</h2>
 * The tree is walked top-down over named and anonymous nodes; each node type has a role
 * ({@link dev.osprey.tokenizer.classes.NodeRole}) and the per-language tables are in
 * {@code LanguageNodeRules}. Rules that hold for every language:
 * <ul>
 * <li><b>Anonymous nodes</b> (fixed tokens of the grammar) are classified by their text: with a letter
 *     ({@code class}, {@code #include}, {@code non-sealed}, {@code macro_rules!}) KEYWORD; made only of
 *     {@code ( ) [ ] { } , ;} PUNCTUATION; any other symbol ({@code + = . : :: -> => ? ...}) OPERATOR. So a
 *     contextual keyword is KEYWORD exactly where the grammar parses it as one ({@code match} in a Python match
 *     statement, {@code get} in a JavaScript getter), and an identifier elsewhere.</li>
 * <li><b>Literals</b>: string-like nodes are STRING_LITERAL as a whole, quotes, prefixes ({@code f"}, {@code r#"},
 *     {@code u8"}) and escapes included; character literals, regex literals, JSX text and include paths too.
 *     Code inside a literal (Python f-string replacement fields, JavaScript/TypeScript template substitutions,
 *     Java string template embeds) is classified as code, with its delimiters (<code>{ }</code>, <code>${ }</code>) as
 *     PUNCTUATION; Python format specs and conversions ({@code :>10}, {@code !r}) stay STRING_LITERAL. Number
 *     nodes are NUMBER_LITERAL with their suffixes ({@code 0xFFL}, {@code 2.5f64}, {@code 10ms}, {@code 1.5i}); a
 *     C++ user-defined literal's suffix takes the class of the literal it follows.</li>
 * <li><b>Comments</b> of every kind (line, block, doc, Rust {@code //!}/{@code ///}, shebang and hash-bang lines)
 *     are COMMENT with their markers; a line break the grammar counts into a line comment is WHITESPACE.</li>
 * <li><b>Names</b>: identifier-like node types are IDENTIFIER, including type names, fields, labels, Rust
 *     lifetimes and macro variables ({@code 'a}, {@code $x}), and private names ({@code #cache}).</li>
 * <li><b>Whitespace</b>: bytes no node claims are WHITESPACE if they are Unicode white space or a backslash
 *     ending a line (a line continuation), else OTHER. Whitespace inside a code token ({@code # endif},
 *     {@code is not}) is WHITESPACE too.</li>
 * <li><b>Errors</b>: syntax errors never throw. Inside an ERROR node the tokens the parser recognised keep their
 *     classes (best effort: the lexer still knows keywords and names); characters it could not place are OTHER.
 *     A source cut inside a comment or string typically parses its remainder as code.</li>
 * </ul>
 *
 * <h2>Per-language decisions</h2>
 * The guide is each language's specification: a word is KEYWORD when the language reserves it, IDENTIFIER when
 * it is a predeclared or library name that code may shadow.
 * <ul>
 * <li><b>Java</b>: primitive types, {@code void}, {@code true}, {@code false}, {@code null}, {@code this},
 *     {@code super} and {@code _} are KEYWORD (JLS 3.9/3.10); {@code var} is a reserved type name, IDENTIFIER.
 *     The annotation {@code @} is PUNCTUATION (a JLS separator); javadoc is COMMENT.</li>
 * <li><b>Python</b>: {@code True}, {@code False}, {@code None} KEYWORD; builtins ({@code int}, {@code print},
 *     {@code self}) IDENTIFIER; {@code match}/{@code case}/{@code type}/{@code _} KEYWORD where parsed as soft
 *     keywords; {@code @} OPERATOR (decorator and matrix product are one token); {@code ...} OPERATOR;
 *     docstrings and byte strings STRING_LITERAL.</li>
 * <li><b>JavaScript, TypeScript</b>: {@code this}, {@code super}, {@code null}, {@code true}, {@code false}
 *     KEYWORD; {@code undefined} and {@code constructor} IDENTIFIER (not reserved); TypeScript's predefined
 *     types ({@code string}, {@code number}, {@code any}) and modifiers KEYWORD; decorator {@code @} and
 *     <code>${</code> PUNCTUATION; regex literals and template literal types STRING_LITERAL.</li>
 * <li><b>Go</b>: {@code true}, {@code false}, {@code nil}, {@code iota}, builtin types ({@code int},
 *     {@code string}, {@code any}) and {@code _} are predeclared identifiers (Go spec), IDENTIFIER; rune and raw
 *     string literals STRING_LITERAL; imaginary literals NUMBER_LITERAL.</li>
 * <li><b>Rust</b>: {@code self}, {@code Self}, {@code super}, {@code crate}, {@code mut}, {@code true},
 *     {@code false} and every strict or reserved keyword KEYWORD, also where the grammar parses one as a name;
 *     primitive types ({@code i32}, {@code str}) IDENTIFIER (not keywords); lifetimes and labels IDENTIFIER;
 *     {@code macro_rules!} and fragment specifiers ({@code expr}) KEYWORD; a macro call's {@code !} OPERATOR;
 *     the attribute {@code #} PUNCTUATION.</li>
 * <li><b>C, C++</b>: preprocessor directives ({@code #include}, {@code #define}, {@code #ifdef},
 *     {@code # endif}) are KEYWORD: they are the reserved words of the preprocessor language. A macro body
 *     (which tree-sitter leaves as raw text) is parsed again on its own and classified as code. Include paths
 *     ({@code <stdio.h>}) are STRING_LITERAL. A name or type is KEYWORD when its text is a C23 / C++23 keyword
 *     ({@code int}, {@code _Bool}, {@code char16_t}, {@code static_cast}, {@code nullptr}) and IDENTIFIER
 *     otherwise ({@code size_t}, {@code uint8_t}, {@code NULL}, which is a macro).</li>
 * </ul>
 *
 * <h2>Tree-sitter access</h2>
 * The grammars and the tree-sitter runtime are the natives bundled in {@code io.github.bonede:tree-sitter*}.
 * {@code FfmSyntaxBackend} calls them through the FFM API (the default: tens of nanoseconds per node);
 * {@code JniSyntaxBackend} uses bonede's JNI API (microseconds per node) as the reference and the fallback.
 * The system property {@code osprey.tokenizer.classes.backend=ffm|jni} forces one. Both need
 * {@code --enable-native-access=ALL-UNNAMED} to run without warnings.
 */
package dev.osprey.tokenizer.classes;
