package dev.osprey.context.symbol;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one file's imports make visible, resolved to repository files. Files outside the repository (the standard
 * library, third-party packages) do not appear.
 *
 * @param namespaces  a local qualifier ({@code np}, {@code util}, {@code a.b.c}) → the files of the module it names
 * @param names       a local name → where it comes from: a file and the symbol it has there
 * @param wildcards   files all of whose top-level names are visible (wildcard imports, includes)
 * @param samePackage files whose names are visible without an import (the rest of a Java or Go package)
 * @param imported    every file an import reaches, for import-graph distance
 * @param moduleScoped whether a name no import binds cannot come from another file (Python, JavaScript,
 *                    TypeScript, Rust), as it can in Java, Go and C/C++
 */
public record Scope(Map<String, Set<String>> namespaces, Map<String, List<Binding>> names, Set<String> wildcards,
                    Set<String> samePackage, Set<String> imported, boolean moduleScoped) {
    public Scope {
        namespaces = Map.copyOf(namespaces);
        names = Map.copyOf(names);
        wildcards = Set.copyOf(wildcards);
        samePackage = Set.copyOf(samePackage);
        imported = Set.copyOf(imported);
    }

    /** An imported name's origin: {@code symbol} as defined in {@code path} ({@code default} for a default export). */
    public record Binding(String path, String symbol) {
    }
}
