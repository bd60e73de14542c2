package dev.osprey.tokenizer.classes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSSymbolType;
import org.treesitter.TSTree;
import org.treesitter.TSTreeCursor;

/**
 * Tree-sitter through bonede's JNI API ({@code org.treesitter.*}). Simple and the reference for
 * {@link FfmSyntaxBackend}, but each node accessor is a JNI call costing a few microseconds (about 0.6 s of walking
 * for 100 KB of Java), so it is the fallback, not the default.
 */
final class JniSyntaxBackend implements SyntaxBackend {
    private final Map<Grammar, TSLanguage> languages = new EnumMap<>(Grammar.class); // guarded by this

    @Override
    public String name() {
        return "jni";
    }

    @Override
    public GrammarSymbols symbols(SourceLanguage language) {
        TSLanguage tsLanguage = language(Grammar.of(language));
        int count = tsLanguage.symbolCount();
        List<String> names = new ArrayList<>(count);
        List<Boolean> named = new ArrayList<>(count);
        for (int symbol = 0; symbol < count; symbol++) {
            names.add(tsLanguage.symbolName(symbol));
            named.add(tsLanguage.symbolType(symbol) != TSSymbolType.TSSymbolTypeAnonymous);
        }
        return new GrammarSymbols(names, named);
    }

    @Override
    public SyntaxCursor parse(SourceLanguage language, byte[] utf8) {
        try (TSParser parser = new TSParser()) {
            if (!parser.setLanguage(language(Grammar.of(language)))) {
                throw new IllegalStateException("tree-sitter core rejects the " + language.id() + " grammar's ABI version");
            }
            TSTree tree = parser.parse(new byte[Math.max(1, utf8.length)], null, (buffer, offset, point) -> {
                int n = Math.max(0, Math.min(buffer.length, utf8.length - offset));
                System.arraycopy(utf8, Math.min(offset, utf8.length), buffer, 0, n);
                return n;
            }, TSInputEncoding.TSInputEncodingUTF8);
            if (tree == null) {
                throw new IllegalStateException("tree-sitter returned no tree for " + language.id());
            }
            return new Cursor(tree);
        }
    }

    private synchronized TSLanguage language(Grammar grammar) {
        return languages.computeIfAbsent(grammar, Grammar::newJniLanguage);
    }

    /** Caches the current {@link TSNode} between moves: every accessor on it is a JNI round trip. */
    private static final class Cursor implements SyntaxCursor {
        private final TSTree tree;
        private final TSTreeCursor cursor;
        private TSNode node;
        private boolean closed;

        Cursor(TSTree tree) {
            this.tree = tree;
            this.cursor = new TSTreeCursor(tree.getRootNode());
        }

        private TSNode node() {
            if (node == null) {
                node = cursor.currentNode();
            }
            return node;
        }

        @Override
        public int symbol() {
            return node().getSymbol() & 0xFFFF;
        }

        @Override
        public int startByte() {
            return node().getStartByte();
        }

        @Override
        public int endByte() {
            return node().getEndByte();
        }

        @Override
        public boolean gotoFirstChild() {
            return moved(cursor.gotoFirstChild());
        }

        @Override
        public boolean gotoNextSibling() {
            return moved(cursor.gotoNextSibling());
        }

        @Override
        public boolean gotoParent() {
            return moved(cursor.gotoParent());
        }

        private boolean moved(boolean moved) {
            if (moved) {
                node = null;
            }
            return moved;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                cursor.close();
                tree.close();
            }
        }
    }
}
