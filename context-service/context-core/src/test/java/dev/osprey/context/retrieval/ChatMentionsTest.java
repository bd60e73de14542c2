package dev.osprey.context.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatMentionsTest {
    private static List<String> names(String message) {
        return ChatMentions.uses(message, 100).stream().map(IdentifierUse::name).sorted().toList();
    }

    @Test
    void codeAndIdentifierLikeWordsButNotProse() {
        assertEquals(List.of("Shape", "Shape.area", "parse_header", "polygonArea", "render"),
                names("Why does polygonArea differ from Shape.area when parse_header runs? Let me render( it."));
        assertEquals(List.of(), names("How does the lexer scan the input and build tokens?"));
    }

    @Test
    void fencedAndInlineCodeIsReadAsCode() {
        assertEquals(List.of("Lexer", "Token", "lexer", "lexer.next", "scan", "t", "tokens"),
                names("What does `scan` do here?\n```java\nToken t = lexer.next();\nLexer tokens;\n```\n"));
    }
}
