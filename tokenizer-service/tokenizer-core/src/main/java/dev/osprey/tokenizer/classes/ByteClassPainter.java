package dev.osprey.tokenizer.classes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds the byte class map of one source text: walks the syntax tree top-down, paints each node's bytes by its
 * {@link NodeRole}, then gives every byte no node claimed WHITESPACE or OTHER. One instance per classification.
 */
final class ByteClassPainter {
    private static final byte UNSET = -1;
    private static final byte KEYWORD = (byte) TokenClass.KEYWORD.ordinal();
    private static final byte IDENTIFIER = (byte) TokenClass.IDENTIFIER.ordinal();
    private static final byte OPERATOR = (byte) TokenClass.OPERATOR.ordinal();
    private static final byte PUNCTUATION = (byte) TokenClass.PUNCTUATION.ordinal();
    private static final byte STRING = (byte) TokenClass.STRING_LITERAL.ordinal();
    private static final byte NUMBER = (byte) TokenClass.NUMBER_LITERAL.ordinal();
    private static final byte COMMENT = (byte) TokenClass.COMMENT.ordinal();
    private static final byte WHITESPACE = (byte) TokenClass.WHITESPACE.ordinal();
    private static final byte OTHER = (byte) TokenClass.OTHER.ordinal();
    private static final String PUNCTUATION_CHARS = "()[]{},;";

    /** Injected text (a macro body) is parsed once more, but not its own injections. */
    private static final int MAX_INJECTION_DEPTH = 1;

    private final SyntaxBackend backend;
    private final SourceLanguage language;
    private final SymbolRoles roles;
    private final byte[] utf8;
    private final byte[] classes; // (utf8.length) TokenClass ordinals, UNSET until painted

    private ByteClassPainter(SyntaxBackend backend, SourceLanguage language, SymbolRoles roles, byte[] utf8) {
        this.backend = backend;
        this.language = language;
        this.roles = roles;
        this.utf8 = utf8;
        this.classes = new byte[utf8.length];
        Arrays.fill(classes, UNSET);
    }

    /** @return (utf8.length) TokenClass ordinals, every byte set */
    static byte[] paint(SyntaxBackend backend, SourceLanguage language, SymbolRoles roles, byte[] utf8) {
        ByteClassPainter painter = new ByteClassPainter(backend, language, roles, utf8);
        try (SyntaxCursor cursor = backend.parse(language, utf8)) {
            painter.walk(cursor, 0, 0);
        }
        painter.fillUnclaimed();
        return painter.classes;
    }

    /**
     * Paints the tree under {@code cursor}, whose offsets are relative to {@code utf8[offset..]}.
     * Inside a LITERAL only ISLAND descendants are painted (as code); everything else keeps STRING_LITERAL.
     */
    private void walk(SyntaxCursor cursor, int offset, int injectionDepth) {
        boolean[] literalStack = new boolean[32]; // (depth) whether the ancestor at that depth is inside a literal
        int depth = 0;
        boolean inLiteral = false;
        while (true) {
            int symbol = cursor.symbol();
            NodeRole role = roles.role(symbol);
            boolean childrenInLiteral = inLiteral;
            boolean visitChildren = true;
            if (inLiteral) {
                if (role == NodeRole.ISLAND) {
                    fill(offset + cursor.startByte(), offset + cursor.endByte(), UNSET);
                    childrenInLiteral = false;
                }
            } else {
                switch (role) {
                    case TOKEN -> {
                        paintToken(offset + cursor.startByte(), offset + cursor.endByte(), roles.classOrdinal(symbol));
                        visitChildren = false;
                    }
                    case RESERVED_WORD_OR_IDENTIFIER -> {
                        int start = offset + cursor.startByte();
                        int end = offset + cursor.endByte();
                        String word = new String(utf8, start, end - start, StandardCharsets.UTF_8);
                        paintToken(start, end, roles.isReservedWord(word) ? KEYWORD : IDENTIFIER);
                        visitChildren = false;
                    }
                    case LITERAL -> {
                        fill(offset + cursor.startByte(), offset + cursor.endByte(), roles.classOrdinal(symbol));
                        childrenInLiteral = true;
                    }
                    case INJECTION -> {
                        if (injectionDepth < MAX_INJECTION_DEPTH) {
                            inject(offset + cursor.startByte(), offset + cursor.endByte(), injectionDepth + 1);
                        }
                        visitChildren = false;
                    }
                    case SUFFIX -> {
                        int start = offset + cursor.startByte();
                        byte literal = start > 0 && classes[start - 1] != UNSET ? classes[start - 1] : IDENTIFIER;
                        paintToken(start, offset + cursor.endByte(), literal);
                        visitChildren = false;
                    }
                    case ISLAND, ERROR, STRUCTURE -> {
                    }
                }
            }
            if (visitChildren) {
                if (cursor.gotoFirstChild()) {
                    if (depth == literalStack.length) {
                        literalStack = Arrays.copyOf(literalStack, depth * 2);
                    }
                    literalStack[depth++] = inLiteral;
                    inLiteral = childrenInLiteral;
                    continue;
                }
                if (!childrenInLiteral) {
                    paintLeaf(role, offset + cursor.startByte(), offset + cursor.endByte());
                }
            }
            while (!cursor.gotoNextSibling()) {
                if (!cursor.gotoParent()) {
                    return;
                }
                inLiteral = literalStack[--depth];
            }
        }
    }

    /**
     * A childless ERROR is an unexpected character; a childless node of unlisted type (or an island without
     * children) is judged by its text.
     */
    private void paintLeaf(NodeRole role, int start, int end) {
        if (start == end) {
            return;
        }
        if (role == NodeRole.ERROR) {
            fill(start, end, OTHER);
        } else if (role == NodeRole.STRUCTURE || role == NodeRole.ISLAND) {
            paintToken(start, end, classOfText(start, end));
        }
    }

    private void inject(int start, int end, int injectionDepth) {
        if (start >= end) {
            return;
        }
        try (SyntaxCursor cursor = backend.parse(language, Arrays.copyOfRange(utf8, start, end))) {
            walk(cursor, start, injectionDepth);
        }
    }

    /** Letters, {@code _} and {@code $} start names, digits start numbers; the rest is punctuation or operator. */
    private byte classOfText(int start, int end) {
        int codePoint = new String(utf8, start, Math.min(end - start, 4), StandardCharsets.UTF_8).codePointAt(0);
        if (Character.isLetter(codePoint) || codePoint == '_' || codePoint == '$') {
            return IDENTIFIER;
        }
        if (Character.isDigit(codePoint)) {
            return NUMBER;
        }
        for (int i = start; i < end; i++) {
            if (PUNCTUATION_CHARS.indexOf(utf8[i]) < 0) {
                return OPERATOR;
            }
        }
        return PUNCTUATION;
    }

    /**
     * Paints a token of one class, except that whitespace inside code tokens ({@code # endif}, {@code is not}) and
     * the line break some grammars include in a line comment stay WHITESPACE.
     */
    private void paintToken(int start, int end, byte tokenClass) {
        boolean code = tokenClass == KEYWORD || tokenClass == IDENTIFIER || tokenClass == OPERATOR
                || tokenClass == PUNCTUATION || tokenClass == NUMBER;
        int to = Math.min(end, classes.length);
        for (int i = start; i < to; i++) {
            classes[i] = code && isAsciiWhitespace(utf8[i]) ? WHITESPACE : tokenClass;
        }
        if (tokenClass == COMMENT) {
            for (int i = to - 1; i >= start && (utf8[i] == '\n' || utf8[i] == '\r'); i--) {
                classes[i] = WHITESPACE;
            }
        }
    }

    private void fill(int start, int end, byte tokenClass) {
        Arrays.fill(classes, start, Math.min(end, classes.length), tokenClass);
    }

    /**
     * Bytes no node claimed lie between tokens or in syntax errors: whitespace characters (Unicode White_Space, as
     * tree-sitter's {@code \s} extras) and a backslash ending a line (a line continuation) are WHITESPACE, any other
     * character is OTHER. All bytes of one UTF-8 character get the same class.
     */
    private void fillUnclaimed() {
        int i = 0;
        while (i < classes.length) {
            if (classes[i] != UNSET) {
                i++;
                continue;
            }
            int length = utf8SequenceLength(utf8[i], classes.length - i);
            int codePoint = length == 1
                    ? utf8[i] & 0xFF
                    : new String(utf8, i, length, StandardCharsets.UTF_8).codePointAt(0);
            boolean whitespace = Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                    || codePoint == '\\' && isLineEnd(i + 1);
            for (int end = i + length; i < end; i++) {
                if (classes[i] == UNSET) {
                    classes[i] = whitespace ? WHITESPACE : OTHER;
                }
            }
        }
    }

    private boolean isLineEnd(int i) {
        return i < utf8.length && (utf8[i] == '\n' || utf8[i] == '\r');
    }

    private static int utf8SequenceLength(byte lead, int available) {
        int length;
        if ((lead & 0x80) == 0) {
            length = 1;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
        } else {
            length = 1; // a continuation byte out of place: cannot happen for String.getBytes(UTF_8) output
        }
        return Math.min(length, available);
    }

    private static boolean isAsciiWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B;
    }
}
