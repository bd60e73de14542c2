package dev.osprey.context.retrieval;

import dev.osprey.context.symbol.Definition;
import dev.osprey.context.symbol.DefinitionKind;
import dev.osprey.context.symbol.FileSymbols;
import dev.osprey.context.symbol.SymbolExtractor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The client's recently opened or edited files, parsed for their definitions: fresher than the repository's index,
 * whose copy of the same path they replace, and reachable for files not indexed yet. A name the code at the cursor
 * uses reaches a recent file's definition when it names it: a chain {@code Shape.area} by the definition's symbol, a
 * bare name by a top-level definition or a type.
 *
 * <p>Bounded: the first {@value #MAX_FILES} files (most recent first), each cut to {@value #MAX_CHARS} characters, until
 * {@value #MAX_TOTAL_CHARS} characters are parsed; a name matching more than {@value #MAX_DEFINITIONS} definitions is
 * no evidence.
 */
final class RecentFiles {
    static final int MAX_FILES = 32;
    static final int MAX_CHARS = 512 * 1024;
    static final int MAX_TOTAL_CHARS = 1024 * 1024;
    static final int MAX_DEFINITIONS = 4;

    private final Map<String, FileSymbols> files = new LinkedHashMap<>();
    private final Map<String, List<String>> lines = new HashMap<>();
    private final Map<String, List<Definition>> byName = new HashMap<>();

    /** @param current the file being completed: left out, it is in the prompt already */
    RecentFiles(List<RecentFile> recent, String current, SymbolExtractor extractor) {
        long parsed = 0;
        for (RecentFile file : recent) {
            if (files.size() == MAX_FILES || parsed >= MAX_TOTAL_CHARS) {
                break;
            }
            if (file.path().equals(current) || files.containsKey(file.path())) {
                continue;
            }
            String text = file.text().length() > MAX_CHARS ? file.text().substring(0, MAX_CHARS) : file.text();
            parsed += text.length();
            FileSymbols symbols = extractor.extract(file.path(), text);
            files.put(file.path(), symbols);
            lines.put(file.path(), text.lines().toList());
            for (Definition d : symbols.definitions()) {
                byName.computeIfAbsent(d.name(), n -> new ArrayList<>()).add(d);
            }
        }
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    boolean contains(String path) {
        return files.containsKey(path);
    }

    FileSymbols file(String path) {
        return files.get(path);
    }

    /** The definitions {@code use} names in the recent files (none when it names too many to tell). */
    List<Definition> named(String use) {
        String last = use.substring(use.lastIndexOf('.') + 1);
        List<Definition> candidates = byName.getOrDefault(last, List.of());
        List<Definition> out = new ArrayList<>();
        for (Definition d : candidates) {
            boolean chained = use.contains(".");
            if (chained ? d.symbol().equals(use) || d.qualifiedName().endsWith("." + use)
                    : d.container().isEmpty() || d.kind() == DefinitionKind.CLASS
                            || d.kind() == DefinitionKind.INTERFACE || d.kind() == DefinitionKind.TYPE) {
                out.add(d);
            }
        }
        return out.size() > MAX_DEFINITIONS ? List.of() : out;
    }

    /** The recent copy of an indexed definition of a recent file: the same symbol, or empty when the edit removed it. */
    Optional<Definition> fresh(Definition indexed) {
        FileSymbols file = files.get(indexed.path());
        if (file == null) {
            return Optional.of(indexed);
        }
        return file.definitions().stream().filter(d -> d.symbol().equals(indexed.symbol())
                && d.kind() == indexed.kind()).findFirst();
    }

    /** Lines {@code start..end} (1-based, inclusive, clamped) of a recent file. */
    String lines(String path, int start, int end) {
        List<String> all = lines.get(path);
        int from = Math.max(1, start);
        int to = Math.min(all.size(), end);
        return from > to ? "" : String.join("\n", all.subList(from - 1, to));
    }
}
