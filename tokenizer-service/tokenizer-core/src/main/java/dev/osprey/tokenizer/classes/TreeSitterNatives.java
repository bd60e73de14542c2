package dev.osprey.tokenizer.classes;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.EnumMap;
import java.util.Map;
import org.treesitter.utils.NativeUtils;

/**
 * Foreign-function handles to the tree-sitter C API in the shared library bundled in
 * {@code io.github.bonede:tree-sitter} (and the grammar libraries of the {@code tree-sitter-*} artifacts).
 * The library is extracted once per JVM through bonede's {@link NativeUtils} and opened with {@link SymbolLookup}.
 * Class initialisation fails (and with it {@link FfmSyntaxBackend}) if the platform has no bundled library or native
 * access is denied.
 *
 * <p>Struct layouts follow {@code tree_sitter/api.h} (ABI 13–15): {@code TSNode} is
 * {@code {uint32_t context[4]; const void *id; const TSTree *tree;}}, {@code TSTreeCursor} is
 * {@code {const void *tree; const void *id; uint32_t context[3];}}.
 */
@SuppressWarnings("restricted") // native access is this class's purpose; the JVM is run with --enable-native-access
final class TreeSitterNatives {
    static final StructLayout NODE = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(4, JAVA_INT).withName("context"),
            ADDRESS.withName("id"),
            ADDRESS.withName("tree"));
    static final StructLayout TREE_CURSOR = MemoryLayout.structLayout(
            ADDRESS.withName("tree"),
            ADDRESS.withName("id"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("context"),
            MemoryLayout.paddingLayout(4)); // to 8-byte alignment: bonede bundles 64-bit libraries only

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup CORE =
            SymbolLookup.libraryLookup(NativeUtils.libFile("lib/tree-sitter"), Arena.global());

    // Parser and tree lifecycle: called once per parse.
    private static final MethodHandle PARSER_NEW = handle("ts_parser_new", FunctionDescriptor.of(ADDRESS));
    private static final MethodHandle PARSER_DELETE = handle("ts_parser_delete", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle PARSER_SET_LANGUAGE =
            handle("ts_parser_set_language", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS, ADDRESS));
    private static final MethodHandle PARSER_PARSE_STRING = handle("ts_parser_parse_string",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle TREE_DELETE = handle("ts_tree_delete", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle TREE_ROOT_NODE = handle("ts_tree_root_node", FunctionDescriptor.of(NODE, ADDRESS));
    private static final MethodHandle CURSOR_NEW = handle("ts_tree_cursor_new", FunctionDescriptor.of(TREE_CURSOR, NODE));
    private static final MethodHandle CURSOR_DELETE = handle("ts_tree_cursor_delete", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle LANGUAGE_SYMBOL_COUNT =
            handle("ts_language_symbol_count", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle LANGUAGE_SYMBOL_NAME =
            handle("ts_language_symbol_name", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_SHORT));
    private static final MethodHandle LANGUAGE_SYMBOL_TYPE =
            handle("ts_language_symbol_type", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));

    // The walk: called per node, short and never calling back, hence critical.
    private static final MethodHandle CURSOR_GOTO_FIRST_CHILD = critical("ts_tree_cursor_goto_first_child",
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    private static final MethodHandle CURSOR_GOTO_NEXT_SIBLING = critical("ts_tree_cursor_goto_next_sibling",
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    private static final MethodHandle CURSOR_GOTO_PARENT = critical("ts_tree_cursor_goto_parent",
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    private static final MethodHandle CURSOR_CURRENT_NODE = critical("ts_tree_cursor_current_node",
            FunctionDescriptor.of(NODE, ADDRESS));
    private static final MethodHandle NODE_SYMBOL = critical("ts_node_symbol", FunctionDescriptor.of(JAVA_SHORT, NODE));
    private static final MethodHandle NODE_START_BYTE = critical("ts_node_start_byte", FunctionDescriptor.of(JAVA_INT, NODE));
    private static final MethodHandle NODE_END_BYTE = critical("ts_node_end_byte", FunctionDescriptor.of(JAVA_INT, NODE));

    private static final Map<Grammar, MemorySegment> LANGUAGES = new EnumMap<>(Grammar.class); // guarded by class

    /** {@code TSSymbolType} value of anonymous symbols. */
    static final int SYMBOL_TYPE_ANONYMOUS = 1;

    private TreeSitterNatives() {
    }

    /** The grammar's {@code const TSLanguage*}, static data that lives as long as the JVM. */
    static synchronized MemorySegment language(Grammar grammar) {
        MemorySegment language = LANGUAGES.get(grammar);
        if (language == null) {
            SymbolLookup library =
                    SymbolLookup.libraryLookup(NativeUtils.libFile(grammar.libraryResource()), Arena.global());
            MethodHandle function = LINKER.downcallHandle(
                    library.find(grammar.languageFunction()).orElseThrow(() -> new IllegalStateException(
                            grammar.libraryResource() + " has no function " + grammar.languageFunction())),
                    FunctionDescriptor.of(ADDRESS));
            try {
                language = (MemorySegment) function.invokeExact();
            } catch (Throwable t) {
                throw rethrow(t);
            }
            LANGUAGES.put(grammar, language);
        }
        return language;
    }

    static MemorySegment parserNew() {
        try {
            return (MemorySegment) PARSER_NEW.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void parserDelete(MemorySegment parser) {
        try {
            PARSER_DELETE.invokeExact(parser);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean parserSetLanguage(MemorySegment parser, MemorySegment language) {
        try {
            return (boolean) PARSER_SET_LANGUAGE.invokeExact(parser, language);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** @return the new tree, or {@link MemorySegment#NULL} if parsing failed (no language set) */
    static MemorySegment parserParseString(MemorySegment parser, MemorySegment text, int length) {
        try {
            return (MemorySegment) PARSER_PARSE_STRING.invokeExact(parser, MemorySegment.NULL, text, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void treeDelete(MemorySegment tree) {
        try {
            TREE_DELETE.invokeExact(tree);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes the tree's root {@link #NODE} into memory from {@code allocator}. */
    static MemorySegment treeRootNode(SegmentAllocator allocator, MemorySegment tree) {
        try {
            return (MemorySegment) TREE_ROOT_NODE.invokeExact(allocator, tree);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes a new {@link #TREE_CURSOR} at {@code node} into memory from {@code allocator}. */
    static MemorySegment cursorNew(SegmentAllocator allocator, MemorySegment node) {
        try {
            return (MemorySegment) CURSOR_NEW.invokeExact(allocator, node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void cursorDelete(MemorySegment cursor) {
        try {
            CURSOR_DELETE.invokeExact(cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean cursorGotoFirstChild(MemorySegment cursor) {
        try {
            return (boolean) CURSOR_GOTO_FIRST_CHILD.invokeExact(cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean cursorGotoNextSibling(MemorySegment cursor) {
        try {
            return (boolean) CURSOR_GOTO_NEXT_SIBLING.invokeExact(cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static boolean cursorGotoParent(MemorySegment cursor) {
        try {
            return (boolean) CURSOR_GOTO_PARENT.invokeExact(cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Writes the cursor's current {@link #NODE} into memory from {@code allocator}. */
    static MemorySegment cursorCurrentNode(SegmentAllocator allocator, MemorySegment cursor) {
        try {
            return (MemorySegment) CURSOR_CURRENT_NODE.invokeExact(allocator, cursor);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int nodeSymbol(MemorySegment node) {
        try {
            return (short) NODE_SYMBOL.invokeExact(node) & 0xFFFF;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int nodeStartByte(MemorySegment node) {
        try {
            return (int) NODE_START_BYTE.invokeExact(node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int nodeEndByte(MemorySegment node) {
        try {
            return (int) NODE_END_BYTE.invokeExact(node);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int languageSymbolCount(MemorySegment language) {
        try {
            return (int) LANGUAGE_SYMBOL_COUNT.invokeExact(language);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The symbol's name, or null for an id without one. */
    static String languageSymbolName(MemorySegment language, int symbol) {
        try {
            MemorySegment name = (MemorySegment) LANGUAGE_SYMBOL_NAME.invokeExact(language, (short) symbol);
            return name.equals(MemorySegment.NULL) ? null : name.reinterpret(Integer.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code TSSymbolType}: 0 regular, 1 anonymous, 2 supertype, 3 auxiliary. */
    static int languageSymbolType(MemorySegment language, int symbol) {
        try {
            return (int) LANGUAGE_SYMBOL_TYPE.invokeExact(language, (short) symbol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MethodHandle handle(String function, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(function), descriptor);
    }

    private static MethodHandle critical(String function, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(function), descriptor, Linker.Option.critical(false));
    }

    private static MemorySegment find(String function) {
        return CORE.find(function).orElseThrow(
                () -> new IllegalStateException("the bundled tree-sitter library has no function " + function));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("tree-sitter call failed", t);
    }
}
