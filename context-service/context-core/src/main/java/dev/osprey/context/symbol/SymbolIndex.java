package dev.osprey.context.symbol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The definitions and imports of one repository's files, in memory, with the lookups import resolution and
 * retrieval need. Updated file by file ({@link #put}, {@link #remove}) as the text index is; each lookup is one hash
 * access; sets returned are read-only live views, lists immutable snapshots.
 *
 * <p>Thread-safe: updates are serialised by the caller (the repository index); lookups may run concurrently with
 * them and then see each file either before or after its update.
 */
public final class SymbolIndex {
    private final Map<String, FileSymbols> files = new ConcurrentHashMap<>();
    /** path → symbol → definitions (overloads share a symbol). */
    private final Map<String, Map<String, List<Definition>>> bySymbol = new ConcurrentHashMap<>();
    /** a definition's {@link Definition#name() name} → its definitions, in every file. */
    private final Map<String, List<Definition>> byName = new ConcurrentHashMap<>();
    /** {@code language:module} → paths. */
    private final Map<String, Set<String>> byModule = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byDirectory = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byFileName = new ConcurrentHashMap<>();

    /** Scopes of indexed files kept between requests, at most this many. */
    static final int MAX_SCOPES = 4096;

    /** Bumped by every change: a scope kept under an older version may resolve differently now. */
    private final AtomicLong version = new AtomicLong();
    private final Map<String, KeptScope> scopes = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, KeptScope> eldest) {
            return size() > MAX_SCOPES;
        }
    };

    private record KeptScope(long version, FileSymbols file, Scope scope) {
    }

    /** Adds {@code file}, replacing what was indexed for its path. */
    public void put(FileSymbols file) {
        version.incrementAndGet();
        remove(file.path());
        files.put(file.path(), file);
        Map<String, List<Definition>> symbols = new HashMap<>();
        for (Definition d : file.definitions()) {
            symbols.computeIfAbsent(d.symbol(), s -> new ArrayList<>()).add(d);
            byName.compute(d.name(), (name, list) -> append(list, d));
        }
        symbols.replaceAll((s, list) -> List.copyOf(list));
        bySymbol.put(file.path(), Map.copyOf(symbols));
        if (!file.module().isEmpty()) {
            byModule.computeIfAbsent(file.language() + ":" + file.module(), m -> ConcurrentHashMap.newKeySet())
                    .add(file.path());
        }
        byDirectory.computeIfAbsent(Paths.directory(file.path()), d -> ConcurrentHashMap.newKeySet()).add(file.path());
        byFileName.computeIfAbsent(Paths.fileName(file.path()), d -> ConcurrentHashMap.newKeySet()).add(file.path());
    }

    /** Removes what was indexed for {@code path}. @return whether anything was */
    public boolean remove(String path) {
        FileSymbols old = files.remove(path);
        if (old == null) {
            return false;
        }
        version.incrementAndGet();
        bySymbol.remove(path);
        for (Definition d : old.definitions()) {
            byName.computeIfPresent(d.name(), (name, list) -> without(list, path));
        }
        if (!old.module().isEmpty()) {
            removeFrom(byModule, old.language() + ":" + old.module(), path);
        }
        removeFrom(byDirectory, Paths.directory(path), path);
        removeFrom(byFileName, Paths.fileName(path), path);
        return true;
    }

    /**
     * {@code resolve}'s scope of {@code file}; for the indexed copy of a file, the one kept from an earlier call when
     * nothing in the index has changed since (any change can alter what its imports resolve to), so the files a
     * request's imports reach are resolved once, not per request. A file that is not the indexed copy (a request's
     * text) is resolved every time.
     */
    Scope scope(FileSymbols file, Function<FileSymbols, Scope> resolve) {
        if (files.get(file.path()) != file) {
            return resolve.apply(file);
        }
        long at = version.get();
        synchronized (scopes) {
            KeptScope kept = scopes.get(file.path());
            if (kept != null && kept.version == at && kept.file == file) {
                return kept.scope;
            }
        }
        Scope scope = resolve.apply(file);
        synchronized (scopes) {
            scopes.put(file.path(), new KeptScope(at, file, scope));
        }
        return scope;
    }

    /** The symbols of {@code path}, or null when it is not indexed. */
    public FileSymbols file(String path) {
        return files.get(path);
    }

    public boolean contains(String path) {
        return files.containsKey(path);
    }

    public int fileCount() {
        return files.size();
    }

    /** Every definition whose last name part is {@code name}, in any file: check its size before iterating. */
    public List<Definition> named(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** The definitions of {@code path} whose in-file symbol is exactly {@code symbol} ({@code Outer.method}). */
    public List<Definition> defined(String path, String symbol) {
        Map<String, List<Definition>> symbols = bySymbol.get(path);
        return symbols == null ? List.of() : symbols.getOrDefault(symbol, List.of());
    }

    /** Files of {@code language} whose module is {@code module} (a Java package, a Go package's files). */
    public Set<String> module(String language, String module) {
        return Collections.unmodifiableSet(byModule.getOrDefault(language + ":" + module, Set.of()));
    }

    /** Files directly in {@code directory} ({@code ""} for the root). */
    public Set<String> directory(String directory) {
        return Collections.unmodifiableSet(byDirectory.getOrDefault(directory, Set.of()));
    }

    /** Files named {@code fileName} in any directory. */
    public Set<String> withFileName(String fileName) {
        return Collections.unmodifiableSet(byFileName.getOrDefault(fileName, Set.of()));
    }

    /** Whether any indexed file lies in {@code directory}. */
    public boolean hasDirectory(String directory) {
        return byDirectory.containsKey(directory);
    }

    private static List<Definition> append(List<Definition> list, Definition d) {
        List<Definition> out = new ArrayList<>(list == null ? List.of() : list);
        out.add(d);
        return List.copyOf(out);
    }

    /** @return null (removing the entry) when nothing is left */
    private static List<Definition> without(List<Definition> list, String path) {
        List<Definition> out = list.stream().filter(d -> !d.path().equals(path)).toList();
        return out.isEmpty() ? null : out;
    }

    private static void removeFrom(Map<String, Set<String>> map, String key, String path) {
        map.computeIfPresent(key, (k, set) -> {
            set.remove(path);
            return set.isEmpty() ? null : set;
        });
    }
}
