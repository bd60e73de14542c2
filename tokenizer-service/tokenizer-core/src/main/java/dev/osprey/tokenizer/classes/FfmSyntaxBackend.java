package dev.osprey.tokenizer.classes;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Tree-sitter through the Foreign Function and Memory API, on the native libraries bonede's artifacts bundle
 * ({@link TreeSitterNatives}). A node accessor costs tens of nanoseconds instead of the JNI binding's microseconds,
 * which makes the walk negligible next to parsing. The default backend.
 */
final class FfmSyntaxBackend implements SyntaxBackend {

    /**
     * @throws LinkageError or {@link RuntimeException} if the native library cannot be loaded on this platform
     *                      or native access is denied
     */
    FfmSyntaxBackend() {
        TreeSitterNatives.language(Grammar.JAVA); // load the core and one grammar now, so failures surface here
    }

    @Override
    public String name() {
        return "ffm";
    }

    @Override
    public GrammarSymbols symbols(SourceLanguage language) {
        MemorySegment tsLanguage = TreeSitterNatives.language(Grammar.of(language));
        int count = TreeSitterNatives.languageSymbolCount(tsLanguage);
        List<String> names = new ArrayList<>(count);
        List<Boolean> named = new ArrayList<>(count);
        for (int symbol = 0; symbol < count; symbol++) {
            String name = TreeSitterNatives.languageSymbolName(tsLanguage, symbol);
            names.add(name == null ? "" : name);
            named.add(TreeSitterNatives.languageSymbolType(tsLanguage, symbol) != TreeSitterNatives.SYMBOL_TYPE_ANONYMOUS);
        }
        return new GrammarSymbols(names, named);
    }

    @Override
    public SyntaxCursor parse(SourceLanguage language, byte[] utf8) {
        MemorySegment parser = TreeSitterNatives.parserNew();
        MemorySegment tree;
        try (Arena textArena = Arena.ofConfined()) {
            if (!TreeSitterNatives.parserSetLanguage(parser, TreeSitterNatives.language(Grammar.of(language)))) {
                throw new IllegalStateException("tree-sitter core rejects the " + language.id() + " grammar's ABI version");
            }
            MemorySegment text = textArena.allocate(Math.max(1, utf8.length));
            MemorySegment.copy(utf8, 0, text, JAVA_BYTE, 0, utf8.length);
            tree = TreeSitterNatives.parserParseString(parser, text, utf8.length);
        } finally {
            TreeSitterNatives.parserDelete(parser); // a tree outlives its parser
        }
        if (tree.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("tree-sitter returned no tree for " + language.id());
        }
        return new Cursor(tree);
    }

    /**
     * A {@code TSTreeCursor} in a confined arena. The current node is fetched into one reused buffer after each
     * move, so walking allocates nothing.
     */
    private static final class Cursor implements SyntaxCursor {
        private final Arena arena = Arena.ofConfined();
        private final MemorySegment tree;
        private final MemorySegment cursor;
        private final MemorySegment node = arena.allocate(TreeSitterNatives.NODE);
        private final SegmentAllocator intoNode = (byteSize, byteAlignment) -> node;
        private boolean nodeCurrent;
        private boolean closed;

        Cursor(MemorySegment tree) {
            this.tree = tree;
            MemorySegment cursorMemory = null;
            try {
                MemorySegment root = TreeSitterNatives.treeRootNode(arena, tree);
                cursorMemory = TreeSitterNatives.cursorNew(arena, root);
            } finally {
                if (cursorMemory == null) {
                    TreeSitterNatives.treeDelete(tree);
                    arena.close();
                }
            }
            this.cursor = cursorMemory;
        }

        private MemorySegment node() {
            if (!nodeCurrent) {
                TreeSitterNatives.cursorCurrentNode(intoNode, cursor);
                nodeCurrent = true;
            }
            return node;
        }

        @Override
        public int symbol() {
            return TreeSitterNatives.nodeSymbol(node());
        }

        @Override
        public int startByte() {
            return TreeSitterNatives.nodeStartByte(node());
        }

        @Override
        public int endByte() {
            return TreeSitterNatives.nodeEndByte(node());
        }

        @Override
        public boolean gotoFirstChild() {
            return moved(TreeSitterNatives.cursorGotoFirstChild(cursor));
        }

        @Override
        public boolean gotoNextSibling() {
            return moved(TreeSitterNatives.cursorGotoNextSibling(cursor));
        }

        @Override
        public boolean gotoParent() {
            return moved(TreeSitterNatives.cursorGotoParent(cursor));
        }

        private boolean moved(boolean moved) {
            if (moved) {
                nodeCurrent = false;
            }
            return moved;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                TreeSitterNatives.cursorDelete(cursor);
                TreeSitterNatives.treeDelete(tree);
                arena.close();
            }
        }
    }
}
