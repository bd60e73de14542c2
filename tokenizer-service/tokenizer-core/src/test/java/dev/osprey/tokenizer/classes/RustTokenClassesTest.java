package dev.osprey.tokenizer.classes;

import static dev.osprey.tokenizer.classes.TokenClass.COMMENT;
import static dev.osprey.tokenizer.classes.TokenClass.IDENTIFIER;
import static dev.osprey.tokenizer.classes.TokenClass.KEYWORD;
import static dev.osprey.tokenizer.classes.TokenClass.NUMBER_LITERAL;
import static dev.osprey.tokenizer.classes.TokenClass.OPERATOR;
import static dev.osprey.tokenizer.classes.TokenClass.PUNCTUATION;
import static dev.osprey.tokenizer.classes.TokenClass.STRING_LITERAL;
import static dev.osprey.tokenizer.classes.TokenClass.WHITESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RustTokenClassesTest {
    private static final String SOURCE = """
            //! Crate docs.
            use std::collections::HashMap;

            /// A parsed item.
            #[derive(Debug, Clone)]
            pub struct Item<'a> {
                name: &'a str,
                count: u32,
            }

            macro_rules! square {
                ($x:expr) => { $x * $x };
            }

            impl<'a> Item<'a> {
                /* block */
                pub fn parse(text: &'a str) -> Result<Self, String> {
                    let mut map: HashMap<char, usize> = HashMap::new();
                    let raw = r#"C:\\path "quoted""#;
                    let bytes = b"abc\\n";
                    'outer: for (i, c) in text.char_indices() {
                        if c == '\\'' || i >= 0xFF_usize { break 'outer; }
                        *map.entry(c).or_insert(0) += 1;
                    }
                    println!("{} {}", raw.len(), square!(2.5f64));
                    Ok(Self { name: text, count: bytes.len() as u32 + 1_000 })
                }
            }
            """;

    private final ClassifiedSource rust = ClassifiedSource.of(SourceLanguage.RUST, SOURCE);

    @Test
    void keywordsIncludeSelfAndMacroRules() {
        rust.assertAll(KEYWORD, "use", "pub", "struct", "macro_rules!", "impl", "fn", "Self", "let", "mut", "for",
                "in", "if", "break", "as");
        rust.assertAll(KEYWORD, "expr"); // a macro fragment specifier
    }

    @Test
    void identifiersIncludeLifetimesLabelsPrimitiveTypesAndMacroNames() {
        rust.assertAll(IDENTIFIER, "std", "collections", "HashMap", "derive", "Debug", "Item", "name", "str", "u32",
                "square", "parse", "text", "Result", "String", "map", "char", "usize", "raw", "entry", "println", "Ok");
        rust.assertAll(IDENTIFIER, "'a", "'outer", "$x");
    }

    @Test
    void literals() {
        rust.assertAll(STRING_LITERAL, "r#\"C:\\path \"quoted\"\"#", "b\"abc\\n\"", "'\\''", "\"{} {}\"");
        rust.assertAll(NUMBER_LITERAL, "0xFF_usize", "2.5f64", "1_000");
        rust.assertNth(NUMBER_LITERAL, "0", 1);
    }

    @Test
    void commentsIncludeDocComments() {
        rust.assertAll(COMMENT, "//! Crate docs.", "/// A parsed item.", "/* block */");
        assertThat(rust.classesOf("item.\n#[")).containsExactly(COMMENT, WHITESPACE, PUNCTUATION);
    }

    @Test
    void operatorsAndPunctuation() {
        rust.assertAll(OPERATOR, "::", "->", "=>", "==", "||", ">=", "+=", "&");
        rust.assertAll(PUNCTUATION, "#[", "]", "{", "}", ";", ",");
        assertThat(rust.classesOf("println!(")).containsExactly(IDENTIFIER, OPERATOR, PUNCTUATION);
    }
}
