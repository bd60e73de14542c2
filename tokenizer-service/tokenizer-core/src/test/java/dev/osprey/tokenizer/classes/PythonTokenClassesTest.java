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

class PythonTokenClassesTest {
    private static final String SOURCE = """
            #!/usr/bin/env python3
            \"""Module docstring with 'quotes'.\"""
            from dataclasses import dataclass

            @dataclass
            class Point:
                x: int = 0x1F
                y: float = 2.5e-3

                async def scaled(self, k=None, *args, **kw) -> "Point":
                    '''Triple-quoted
                    docstring.'''
                    if k is not None and k not in (1, 2):
                        return Point(self.x * k, self.y @ k)
                    total = self.x + \\
                        self.y
                    label = f"{self.x!r:>{width}} and {{literal}} {total:.2f}"
                    raw = rb'\\d+\\n'
                    match k:
                        case [first, *_]:
                            pass
                    return lambda: (yield True)  # trailing comment
            """;

    private final ClassifiedSource python = ClassifiedSource.of(SourceLanguage.PYTHON, SOURCE);

    @Test
    void keywordsIncludeSoftKeywordsWhereTheyAreKeywords() {
        assertThat(python.classesOf("class Point")).containsExactly(KEYWORD, WHITESPACE, IDENTIFIER);
        python.assertAll(KEYWORD, "from", "import", "async", "def", "None", "if", "is", "not", "and",
                "in", "return", "match", "case", "pass", "lambda", "yield", "True");
    }

    @Test
    void identifiersIncludeBuiltinTypeNames() {
        python.assertAll(IDENTIFIER, "dataclasses", "dataclass", "Point", "int", "float", "scaled", "self", "k",
                "args", "kw", "total", "label", "raw", "first", "width");
    }

    @Test
    void stringsIncludeDocstringsPrefixesAndFStringLiteralParts() {
        python.assertAll(STRING_LITERAL, "\"\"\"Module docstring with 'quotes'.\"\"\"", "\"Point\"",
                "'''Triple-quoted\n        docstring.'''", "rb'\\d+\\n'");
        python.assertAll(STRING_LITERAL, "f\"", "!r", ":>", " and {{literal}} ", ":.2f");
    }

    @Test
    void fStringReplacementFieldsAreCode() {
        python.assertNth(IDENTIFIER, "self", 4); // inside f"{self.x ...}"
        python.assertNth(IDENTIFIER, "width", 1);
        assertThat(python.classesOf("{self")).containsExactly(PUNCTUATION, IDENTIFIER);
        assertThat(python.classesOf("{total")).containsExactly(PUNCTUATION, IDENTIFIER);
    }

    @Test
    void numbersCommentsAndShebang() {
        python.assertAll(NUMBER_LITERAL, "0x1F", "2.5e-3");
        python.assertNth(NUMBER_LITERAL, "1", 1);
        python.assertAll(COMMENT, "#!/usr/bin/env python3", "# trailing comment");
    }

    @Test
    void operatorsPunctuationAndLineContinuation() {
        python.assertAll(OPERATOR, "->", "**", "=", ":");
        python.assertNth(OPERATOR, "@", 2); // matrix multiplication; the decorator's @ is the same token
        python.assertAll(PUNCTUATION, "(", ")", ",", "[", "]");
        python.assertAll(WHITESPACE, "\\\n            ");
    }
}
