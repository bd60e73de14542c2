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

class JavaScriptTokenClassesTest {
    private static final String SOURCE = """
            #!/usr/bin/env node
            'use strict'
            /** Reads a user. */
            const readUser = async ({ name, retries = 3 }, ...rest) => {
              const url = `https://${host}/users/${encodeURIComponent(name)}?n=${rest.length + 1}`
              if (!/^[a-z]+$/i.test(name) || name === undefined) throw new Error("bad\\tname")
              let total = 0x10 + 1.5e3 ?? null // fallback
              for (const [k, v] of Object.entries(this.#cache)) total += v?.size ?? 0
              return { name, total, label: <b className="x">Hi &amp; bye</b> }
            }
            @sealed class Cache { #cache = new Map(); static get size() { return super.size } }
            """;

    private final ClassifiedSource js = ClassifiedSource.of(SourceLanguage.JAVASCRIPT, SOURCE);

    @Test
    void keywords() {
        js.assertAll(KEYWORD, "const", "async", "if", "throw", "new", "let", "null", "for", "of", "this", "return",
                "class", "static", "get", "super");
    }

    @Test
    void identifiersIncludePropertiesPrivateNamesAndUndefined() {
        js.assertAll(IDENTIFIER, "readUser", "name", "retries", "rest", "url", "host", "encodeURIComponent",
                "length", "test", "undefined", "Error", "total", "entries", "#cache", "size", "label", "Cache");
    }

    @Test
    void templateStringsAreLiteralsWithCodeSubstitutions() {
        js.assertAll(STRING_LITERAL, "`https://", "/users/", "?n=");
        assertThat(js.classesOf("}`\n")).containsExactly(PUNCTUATION, STRING_LITERAL, WHITESPACE);
        js.assertNth(IDENTIFIER, "host", 1).assertNth(IDENTIFIER, "rest", 2);
        assertThat(js.classesOf("${host}")).containsExactly(PUNCTUATION, IDENTIFIER);
        assertThat(js.classesOf("//${")).containsExactly(STRING_LITERAL, PUNCTUATION);
    }

    @Test
    void stringsRegexesNumbersAndJsxText() {
        js.assertAll(STRING_LITERAL, "'use strict'", "/^[a-z]+$/i", "\"bad\\tname\"", "\"x\"", "Hi &amp; bye");
        js.assertAll(NUMBER_LITERAL, "3", "0x10", "1.5e3");
    }

    @Test
    void commentsIncludeTheHashBangLine() {
        js.assertAll(COMMENT, "#!/usr/bin/env node", "/** Reads a user. */", "// fallback");
    }

    @Test
    void operatorsAndPunctuation() {
        js.assertAll(OPERATOR, "=>", "...", "===", "||", "??", "?.", "+=");
        js.assertNth(OPERATOR, "!", 2); // the first is in the hash-bang line
        js.assertAll(PUNCTUATION, "({", "},", "@");
        assertThat(js.classesOf("[k,")).containsExactly(PUNCTUATION, IDENTIFIER);
        assertThat(js.classesOf(" => {")).containsExactly(WHITESPACE, OPERATOR, PUNCTUATION);
    }
}
