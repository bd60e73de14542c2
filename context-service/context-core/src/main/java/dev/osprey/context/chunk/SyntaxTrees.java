package dev.osprey.context.chunk;

import dev.osprey.tokenizer.classes.SourceLanguage;
import java.util.EnumMap;
import java.util.Map;
import org.treesitter.TSInputEncoding;
import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;

/** Tree-sitter parses of source files, shared by the chunker and the symbol extractor. */
public final class SyntaxTrees {
    static final double MAX_ERROR_FRACTION = 0.3;
    private static final Map<SourceLanguage, TSLanguage> LANGUAGES = new EnumMap<>(SourceLanguage.class);

    private SyntaxTrees() {
    }

    /**
     * Parses {@code utf8} as {@code language}. The caller closes the tree.
     *
     * @return null when tree-sitter produced no tree (its grammar could not be loaded or the parse was cancelled)
     */
    public static TSTree parse(SourceLanguage language, byte[] utf8) {
        try (TSParser parser = new TSParser()) {
            if (!parser.setLanguage(grammar(language))) {
                return null;
            }
            return parser.parse(new byte[Math.max(1, Math.min(utf8.length, 64 * 1024))], null,
                    (buffer, offset, point) -> {
                        int n = Math.max(0, Math.min(buffer.length, utf8.length - offset));
                        System.arraycopy(utf8, Math.min(offset, utf8.length), buffer, 0, n);
                        return n;
                    }, TSInputEncoding.TSInputEncodingUTF8);
        }
    }

    /**
     * Whether more than {@value #MAX_ERROR_FRACTION} of a file's {@code lineCount} lines lie in top-level syntax errors:
     * such a file is treated as text.
     */
    public static boolean mostlyErrors(TSNode root, int lineCount) {
        if (root.isError()) {
            return true;
        }
        if (!root.hasError()) {
            return false;
        }
        int errorLines = 0;
        for (int i = 0, n = root.getNamedChildCount(); i < n; i++) {
            TSNode child = root.getNamedChild(i);
            if (child.isError()) {
                int start = child.getStartPoint().getRow();
                var end = child.getEndPoint();
                int last = end.getColumn() == 0 && end.getRow() > start ? end.getRow() - 1 : end.getRow();
                errorLines += Math.min(last, lineCount - 1) - start + 1;
            }
        }
        return errorLines > MAX_ERROR_FRACTION * Math.max(1, lineCount);
    }

    private static synchronized TSLanguage grammar(SourceLanguage language) {
        return LANGUAGES.computeIfAbsent(language, l -> LanguageRules.of(l).grammar().get());
    }
}
