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

class TypeScriptTokenClassesTest {
    private static final String SOURCE = """
            import type { Request } from "./http";

            export interface Options<T extends object = {}> {
              readonly retries?: number; // how often
              mode: 'fast' | 'safe';
              map: Record<string, T[]>;
            }

            type Route = `/api/${string}`;

            export abstract class Client<T> implements Disposable {
              private cache = new Map<string, T>();
              constructor(protected readonly base: string) { super(); }
              async get(path: Route, opts?: Partial<Options<T>>): Promise<T | undefined> {
                const key = `${this.base}${path}` as const;
                return this.cache.get(key)! ?? (await fetch(key)) satisfies unknown as T;
              }
              [Symbol.dispose](): void { this.cache.clear(); }
            }
            enum Level { Low = 1, High = 0b10 }
            """;

    private final ClassifiedSource ts = ClassifiedSource.of(SourceLanguage.TYPESCRIPT, SOURCE);

    @Test
    void keywordsIncludePredefinedTypesAndModifiers() {
        ts.assertAll(KEYWORD, "import", "type", "from", "export", "interface", "extends", "object", "readonly",
                "number", "string", "abstract", "class", "implements", "private", "new", "protected",
                "super", "async", "const", "as", "return", "this", "await", "satisfies", "unknown", "void", "enum");
    }

    @Test
    void identifiersIncludeTypeNames() {
        ts.assertAll(IDENTIFIER, "constructor", "Request", "Options", "retries", "mode", "Record", "Route", "Client",
                "Disposable", "cache", "Map", "base", "get", "path", "opts", "Partial", "Promise", "undefined",
                "key", "fetch", "Symbol", "dispose", "clear", "Level", "Low", "High");
        ts.assertNth(IDENTIFIER, "T", 1);
    }

    @Test
    void literalsIncludeTemplateLiteralTypes() {
        ts.assertAll(STRING_LITERAL, "\"./http\"", "'fast'", "'safe'", "`/api/");
        ts.assertAll(NUMBER_LITERAL, "1", "0b10");
        assertThat(ts.classesOf("${string}`")).containsExactly(PUNCTUATION, KEYWORD, STRING_LITERAL);
        assertThat(ts.classesOf("${this.base}")).containsExactly(PUNCTUATION, KEYWORD, OPERATOR, IDENTIFIER);
    }

    @Test
    void commentsOperatorsAndPunctuation() {
        ts.assertAll(COMMENT, "// how often");
        ts.assertAll(OPERATOR, "?:", "|", "=", "??", "!", "?", ":");
        ts.assertNth(OPERATOR, "<", 1).assertNth(OPERATOR, ">", 1);
        ts.assertAll(PUNCTUATION, "{", "}", ";", "[]", "(", ")");
    }
}
