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

class GoTokenClassesTest {
    private static final String SOURCE = """
            // Doc line
            package cache

            import (
            	"fmt"
            	"sync"
            )

            /* block comment */
            type Entry[K comparable, V any] struct {
            	key   K
            	value V `json:"value,omitempty"`
            }

            const mask uint32 = 0x7f | 1_000 + 'a'

            func (c *Cache) Get(k string) (v int, ok bool) {
            	c.mu.Lock()
            	defer c.mu.Unlock()
            	if e, found := c.items[k]; found && e != nil {
            		return e.(int), true
            	}
            	go func() { ch <- 2.5i }()
            	_ = fmt.Sprintf("%d\\n", iota)
            	for i := range 10 { goto done }
            done:
            	return 0, false
            }
            """;

    private final ClassifiedSource go = ClassifiedSource.of(SourceLanguage.GO, SOURCE);

    @Test
    void keywords() {
        go.assertAll(KEYWORD, "package", "import", "type", "struct", "const", "func", "defer", "if", "return",
                "go", "for", "range", "goto");
    }

    @Test
    void predeclaredNamesAreIdentifiersAsTheSpecSays() {
        go.assertAll(IDENTIFIER, "comparable", "any", "uint32", "string", "int", "bool", "true", "false", "nil",
                "iota", "_");
        go.assertAll(IDENTIFIER, "cache", "Entry", "key", "value", "mask", "Cache", "Get", "mu", "Lock", "items",
                "ch", "Sprintf", "done");
        go.assertNth(IDENTIFIER, "fmt", 2); // the first is the import path
    }

    @Test
    void literalsIncludeRawStringsRunesAndImaginaryNumbers() {
        go.assertAll(STRING_LITERAL, "\"fmt\"", "`json:\"value,omitempty\"`", "'a'", "\"%d\\n\"");
        go.assertAll(NUMBER_LITERAL, "0x7f", "1_000", "2.5i", "10");
    }

    @Test
    void commentsOperatorsAndPunctuation() {
        go.assertAll(COMMENT, "// Doc line", "/* block comment */");
        go.assertAll(OPERATOR, ":=", "<-", "&&", "!=", "|", "+", ".");
        assertThat(go.classesOf("*Cache")).containsExactly(OPERATOR, IDENTIFIER);
        go.assertAll(PUNCTUATION, "(", ")", "[", "]", "{", "}", ";", ",");
        assertThat(go.classesOf("done:")).containsExactly(IDENTIFIER, OPERATOR);
    }
}
