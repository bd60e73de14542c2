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

class CTokenClassesTest {
    private static final String SOURCE = """
            #include <stdio.h>
            #include "local.h"
            #define MAX(a, b) ((a) > (b) ? (a) : (b))
            #define LIMIT 0x40u /* bytes */
            #ifdef DEBUG
            #  define TRACE(msg) fprintf(stderr, "%s\\n", msg)
            #endif

            typedef struct node { struct node *next; unsigned long size; } node_t;

            static const size_t count = sizeof(int) * 2;

            // Sums a list.
            int sum(const node_t *head, _Bool strict) {
                int total = 0; char sep = '\\t';
                for (const node_t *n = head; n != NULL; n = n->next) {
                    total += (int) n->size >> 1;
                }
                if (strict && total < 0) goto fail;
                return total ? total : -1;
            fail:
                return (int) 1.5e3f;
            }
            """;

    private final ClassifiedSource c = ClassifiedSource.of(SourceLanguage.C, SOURCE);

    @Test
    void preprocessorDirectivesAreKeywords() {
        c.assertAll(KEYWORD, "#include", "#define", "#ifdef", "#endif");
        assertThat(c.classesOf("#  define")).containsExactly(KEYWORD, WHITESPACE);
    }

    @Test
    void macroBodiesAreClassifiedAsCode() {
        c.assertAll(IDENTIFIER, "MAX", "LIMIT", "DEBUG", "TRACE", "fprintf", "stderr", "msg");
        c.assertNth(IDENTIFIER, "a", 2).assertNth(OPERATOR, "?", 1).assertNth(OPERATOR, ">", 2);
        c.assertAll(NUMBER_LITERAL, "0x40u").assertAll(COMMENT, "/* bytes */");
        c.assertAll(STRING_LITERAL, "\"%s\\n\"");
    }

    @Test
    void includePathsAreStrings() {
        c.assertAll(STRING_LITERAL, "<stdio.h>", "\"local.h\"");
    }

    @Test
    void reservedTypeWordsAreKeywordsAndTypedefNamesIdentifiers() {
        c.assertAll(KEYWORD, "typedef", "struct", "unsigned", "long", "static", "const", "sizeof", "int", "_Bool",
                "char", "for", "if", "goto", "return");
        c.assertAll(IDENTIFIER, "node", "next", "size", "node_t", "size_t", "count", "sum", "head", "strict",
                "total", "sep", "NULL");
        c.assertNth(IDENTIFIER, "n", 2); // the first is the n of the "\\n" escape
        assertThat(c.classesOf("fail:")).containsExactly(IDENTIFIER, OPERATOR);
    }

    @Test
    void literalsCommentsOperatorsAndPunctuation() {
        c.assertAll(STRING_LITERAL, "'\\t'");
        c.assertAll(NUMBER_LITERAL, "1.5e3f", "2", "1");
        c.assertAll(COMMENT, "// Sums a list.");
        c.assertAll(OPERATOR, "->", "!=", "+=", ">>", "&&", "-");
        assertThat(c.classesOf("*head")).containsExactly(OPERATOR, IDENTIFIER);
        c.assertAll(PUNCTUATION, "{", "}", "(", ")", ";", ",");
    }
}
