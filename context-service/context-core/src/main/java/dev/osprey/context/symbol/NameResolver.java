package dev.osprey.context.symbol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Ties a name used in a file ({@code helper}, {@code util.parse}, {@code Shape.area}) to definitions in other files,
 * through that file's {@link Scope}. Qualified names go first: the longest leading part that is an imported
 * namespace or name decides the file, and the rest is looked up inside it, as deep as it goes. A bare name is tied
 * only when an import says where it comes from, a wildcard import or the file's own package makes it visible, or
 * exactly one file of the repository defines it and the language lets names cross files without an import
 * ({@link Scope#moduleScoped()} false); a module-level variable is never tied by uniqueness alone. A member used on
 * an object of unknown type ({@code shape.area}) is tied by {@link #resolveMember} when one file defines a method of
 * that name.
 *
 * <p>Bounded: a name visible from more than {@value #MAX_DEFINITIONS} definitions is ambiguous and tied to none, and
 * each lookup touches at most the smaller of the name's definitions and the visible files.
 */
public final class NameResolver {
    /** More definitions than this for one name is no evidence at all. */
    static final int MAX_DEFINITIONS = 4;

    private final SymbolIndex index;

    public NameResolver(SymbolIndex index) {
        this.index = index;
    }

    /**
     * @param name  parts joined by {@code .} (callers normalise {@code ::} and {@code ->})
     * @param scope the using file's scope
     * @param self  the using file's path: its own definitions are never returned
     */
    public List<Resolution> resolve(String name, Scope scope, String self) {
        String[] parts = name.split("\\.");
        for (int k = parts.length - 1; k >= 1; k--) {
            Set<String> files = scope.namespaces().get(String.join(".", java.util.Arrays.copyOf(parts, k)));
            if (files != null) {
                List<Resolution> found = deepest(name, files, parts, k, "", Evidence.IMPORTED);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        List<Scope.Binding> bindings = scope.names().get(parts[0]);
        if (bindings != null) {
            List<Resolution> found = new ArrayList<>();
            for (Scope.Binding b : bindings) {
                Definition d = bound(b, parts[0]);
                if (d != null) {
                    found.addAll(deepest(name, Set.of(b.path()), parts, 1, d.symbol(), Evidence.IMPORTED));
                }
            }
            if (!found.isEmpty()) {
                return capped(found);
            }
        }
        List<Resolution> visible = visibleIn(name, parts, scope.wildcards(), Evidence.WILDCARD);
        if (visible.isEmpty()) {
            visible = visibleIn(name, parts, scope.samePackage(), Evidence.SAME_PACKAGE);
        }
        if (!visible.isEmpty()) {
            return visible;
        }
        List<Definition> everywhere = index.named(parts[0]);
        if (!scope.moduleScoped() && everywhere.size() <= MAX_DEFINITIONS) {
            List<Definition> topLevel = everywhere.stream().filter(d -> d.symbol().equals(parts[0])
                    && d.kind() != DefinitionKind.VARIABLE && !d.path().equals(self)).toList();
            if (topLevel.stream().map(Definition::path).distinct().count() == 1) {
                return capped(deepest(name, Set.of(topLevel.getFirst().path()), parts, 1, parts[0], Evidence.UNIQUE));
            }
        }
        return List.of();
    }

    /**
     * A method named {@code member} (used as {@code something.member} where {@code something} resolved to nothing),
     * when the repository's methods of that name all lie in one file other than {@code self}: {@link Evidence#UNIQUE}.
     */
    public List<Resolution> resolveMember(String member, String self) {
        List<Definition> named = index.named(member);
        if (named.isEmpty() || named.size() > MAX_DEFINITIONS) {
            return List.of();
        }
        List<Definition> methods = named.stream().filter(d -> d.kind() == DefinitionKind.METHOD).toList();
        if (methods.isEmpty() || methods.size() != named.size()
                || methods.stream().map(Definition::path).distinct().count() != 1
                || methods.getFirst().path().equals(self)) {
            return List.of();
        }
        return methods.stream().map(d -> new Resolution(member, d, Evidence.UNIQUE)).limit(1).toList();
    }

    /** The definition a binding names: its symbol there, or for a default import the file's only type or function. */
    private Definition bound(Scope.Binding b, String local) {
        List<Definition> exact = index.defined(b.path(), b.symbol());
        if (!exact.isEmpty()) {
            return exact.getFirst();
        }
        if (!b.symbol().equals("default")) {
            return null;
        }
        List<Definition> named = index.defined(b.path(), local);
        if (!named.isEmpty()) {
            return named.getFirst();
        }
        FileSymbols file = index.file(b.path());
        List<Definition> topLevel = file == null ? List.of() : file.definitions().stream()
                .filter(d -> d.container().isEmpty() && d.kind() != DefinitionKind.VARIABLE).toList();
        return topLevel.size() == 1 ? topLevel.getFirst() : null;
    }

    /** Definitions of {@code parts[0]} in {@code files}, by path, touching at most the smaller of the two sets. */
    private List<Resolution> visibleIn(String name, String[] parts, Set<String> files, Evidence evidence) {
        if (files.isEmpty()) {
            return List.of();
        }
        List<Definition> named = index.named(parts[0]);
        List<String> defining = new ArrayList<>();
        if (named.size() < files.size()) {
            for (Definition d : named) {
                if (files.contains(d.path()) && d.symbol().equals(parts[0]) && !defining.contains(d.path())) {
                    defining.add(d.path());
                }
            }
        } else {
            for (String path : files) {
                if (!index.defined(path, parts[0]).isEmpty()) {
                    defining.add(path);
                }
            }
        }
        if (defining.isEmpty() || defining.size() > MAX_DEFINITIONS) {
            return List.of();
        }
        defining.sort(null);
        return capped(deepest(name, defining, parts, 1, parts[0], evidence));
    }

    /**
     * In each of {@code files}, the definition of {@code base.parts[from]...}, descending while members exist; the
     * container itself when its first member part is not defined there. An empty {@code base} starts at file level.
     */
    private List<Resolution> deepest(String name, Collection<String> files, String[] parts, int from, String base,
                                     Evidence evidence) {
        List<Resolution> found = new ArrayList<>();
        for (String path : files) {
            String symbol = base;
            Definition best = base.isEmpty() ? null : first(index.defined(path, base));
            for (int i = from; i < parts.length; i++) {
                String next = symbol.isEmpty() ? parts[i] : symbol + "." + parts[i];
                Definition d = first(index.defined(path, next));
                if (d == null) {
                    break;
                }
                symbol = next;
                best = d;
            }
            if (best != null) {
                found.add(new Resolution(name, best, evidence));
            }
        }
        return found;
    }

    private static Definition first(List<Definition> definitions) {
        return definitions.isEmpty() ? null : definitions.getFirst();
    }

    private static List<Resolution> capped(List<Resolution> found) {
        return found.size() > MAX_DEFINITIONS ? List.of() : found;
    }
}
