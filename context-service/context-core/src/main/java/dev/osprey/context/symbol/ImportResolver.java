package dev.osprey.context.symbol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a file's imports against a {@link SymbolIndex} into a {@link Scope}. The rules, per language:
 * <ul>
 *   <li>Python: {@code import a.b} binds the qualifier {@code a.b}, {@code import a.b as m} binds {@code m};
 *       {@code from m import x} binds {@code x} to submodule {@code m.x} when there is one, else to name {@code x}
 *       of {@code m}; {@code from m import *} makes {@code m}'s names visible (module lookup in {@link ModuleFiles}).
 *   <li>Java: {@code import a.b.C} binds {@code C} to the file of package {@code a.b} defining {@code C};
 *       {@code import static a.b.C.m} binds {@code m} to {@code C.m} there; {@code import a.b.*} makes package
 *       {@code a.b} visible; the rest of the file's own package is visible without import.
 *   <li>JavaScript/TypeScript: named, default and namespace imports and {@code require} of relative specifiers.
 *   <li>Go: an import binds its alias, else its package's name, to the package directory's files; a dot import makes
 *       them visible; the other files of the file's own package are visible without import.
 *   <li>Rust: {@code use p::x} binds {@code x} to module {@code p::x} when it is one, else to item {@code x} of
 *       {@code p}; {@code use p::*} makes {@code p}'s items visible; {@code mod m;} binds {@code m}.
 *   <li>C/C++: an include makes the header's names, and those of its implementation beside it, visible.
 * </ul>
 * Every import reaches at most {@value #MAX_FILES_PER_IMPORT} files, so a wildcard over a huge package stays bounded.
 */
public final class ImportResolver {
    static final int MAX_FILES_PER_IMPORT = 256;

    private final SymbolIndex index;
    private final ModuleFiles modules;

    public ImportResolver(SymbolIndex index) {
        this.index = index;
        this.modules = new ModuleFiles(index);
    }

    /**
     * The scope of {@code file}: its imports resolved, its own path excluded everywhere. An indexed file's scope is
     * kept by the index until it next changes ({@link SymbolIndex#scope}).
     */
    public Scope scope(FileSymbols file) {
        return index.scope(file, this::resolve);
    }

    private Scope resolve(FileSymbols file) {
        Builder scope = new Builder(file.path(), switch (file.language()) {
            case "python", "javascript", "typescript", "rust" -> true;
            default -> false;
        });
        for (Import i : file.imports()) {
            switch (file.language()) {
                case "python" -> python(file.path(), i, scope);
                case "java" -> java(i, scope);
                case "javascript", "typescript" -> bind(i, modules.javascript(file.path(), i.spec()), scope);
                case "go" -> go(i, scope);
                case "rust" -> rust(file.path(), i, scope);
                case "c", "cpp" -> scope.wildcard(modules.include(file.path(), i.spec()));
                default -> { }
            }
        }
        if (file.language().equals("java") && !file.module().isEmpty()) {
            scope.samePackage(limited(index.module("java", file.module())));
        }
        if (file.language().equals("go")) {
            scope.samePackage(limited(index.directory(Paths.directory(file.path())).stream()
                    .filter(p -> p.endsWith(".go")).toList()));
        }
        return scope.build();
    }

    private void python(String from, Import i, Builder scope) {
        List<String> files = modules.python(from, i.spec());
        if (i.wildcard()) {
            scope.wildcard(files);
        }
        if (!i.namespace().isEmpty()) {
            scope.namespace(i.namespace(), files);
        }
        String prefix = i.spec().endsWith(".") ? i.spec() : i.spec() + ".";
        for (Map.Entry<String, String> name : i.names().entrySet()) {
            List<String> submodule = modules.python(from, prefix + name.getValue());
            if (!submodule.isEmpty()) {
                scope.namespace(name.getKey(), submodule);
            } else {
                scope.name(name.getKey(), files, name.getValue());
            }
        }
    }

    private void java(Import i, Builder scope) {
        if (i.wildcard()) {
            Set<String> pkg = index.module("java", i.spec());
            scope.wildcard(limited(pkg.isEmpty() ? definingFiles(i.spec()) : pkg));
            return;
        }
        for (Map.Entry<String, String> name : i.names().entrySet()) {
            List<String> type = definingFiles(i.spec() + "." + name.getValue());
            if (!type.isEmpty()) {
                scope.name(name.getKey(), type, name.getValue());
            } else {
                String owner = i.spec().substring(i.spec().lastIndexOf('.') + 1);
                scope.name(name.getKey(), definingFiles(i.spec()), owner + "." + name.getValue());
            }
        }
    }

    /** Files of a Java package defining the top-level type {@code qualified} ({@code a.b.C}). */
    private List<String> definingFiles(String qualified) {
        int dot = qualified.lastIndexOf('.');
        if (dot <= 0) {
            return List.of();
        }
        String type = qualified.substring(dot + 1);
        Set<String> pkg = index.module("java", qualified.substring(0, dot));
        List<Definition> named = index.named(type);
        if (named.size() < pkg.size()) { // the fewer to walk: a name is defined in a file or two, a package holds many
            Set<String> defining = new HashSet<>();
            for (Definition d : named) {
                if (d.symbol().equals(type) && pkg.contains(d.path())) {
                    defining.add(d.path());
                }
            }
            if (defining.size() < 2) {
                return List.copyOf(defining);
            }
            List<String> files = new ArrayList<>(); // in the package's order, as walking it gives
            for (String path : pkg) {
                if (defining.contains(path)) {
                    files.add(path);
                }
            }
            return files;
        }
        List<String> files = new ArrayList<>();
        for (String path : pkg) {
            if (!index.defined(path, type).isEmpty()) {
                files.add(path);
            }
        }
        return files;
    }

    private void go(Import i, Builder scope) {
        String dir = modules.goDirectory(i.spec());
        if (dir == null) {
            return;
        }
        List<String> files = limited(index.directory(dir).stream()
                .filter(p -> p.endsWith(".go") && !p.endsWith("_test.go")).sorted().toList());
        if (i.wildcard()) {
            scope.wildcard(files);
            return;
        }
        String name = i.namespace();
        if (name.isEmpty()) {
            FileSymbols any = files.isEmpty() ? null : index.file(files.getFirst());
            name = any != null && !any.module().isEmpty() ? any.module() : i.spec().substring(i.spec().lastIndexOf('/') + 1);
        }
        scope.namespace(name, files);
    }

    private void rust(String from, Import i, Builder scope) {
        if (i.wildcard()) {
            scope.wildcard(modules.rust(from, i.spec(), true));
            return;
        }
        if (!i.namespace().isEmpty()) {
            scope.namespace(i.namespace(), modules.rust(from, i.spec(), true));
        }
        for (Map.Entry<String, String> name : i.names().entrySet()) {
            List<String> module = modules.rust(from, i.spec() + "::" + name.getValue(), true);
            if (!module.isEmpty()) {
                scope.namespace(name.getKey(), module);
            } else {
                scope.name(name.getKey(), modules.rust(from, i.spec(), false), name.getValue());
            }
        }
    }

    /** JavaScript and TypeScript: names and namespaces of one resolved module. */
    private static void bind(Import i, List<String> files, Builder scope) {
        if (!i.namespace().isEmpty()) {
            scope.namespace(i.namespace(), files);
        }
        i.names().forEach((local, imported) -> scope.name(local, files, imported));
        scope.reach(files);
    }

    private static List<String> limited(java.util.Collection<String> files) {
        return files.stream().sorted().limit(MAX_FILES_PER_IMPORT).toList();
    }

    /** Accumulates one scope, leaving out the file itself. */
    private static final class Builder {
        private final String self;
        private final boolean moduleScoped;
        private final Map<String, Set<String>> namespaces = new HashMap<>();
        private final Map<String, List<Scope.Binding>> names = new HashMap<>();
        private final Set<String> wildcards = new LinkedHashSet<>();
        private final Set<String> samePackage = new LinkedHashSet<>();
        private final Set<String> imported = new LinkedHashSet<>();

        Builder(String self, boolean moduleScoped) {
            this.self = self;
            this.moduleScoped = moduleScoped;
        }

        void namespace(String local, List<String> files) {
            List<String> others = others(files);
            if (!others.isEmpty()) {
                namespaces.computeIfAbsent(local, k -> new LinkedHashSet<>()).addAll(others);
                imported.addAll(others);
            }
        }

        void name(String local, List<String> files, String symbol) {
            for (String path : others(files)) {
                names.computeIfAbsent(local, k -> new ArrayList<>()).add(new Scope.Binding(path, symbol));
                imported.add(path);
            }
        }

        void wildcard(List<String> files) {
            wildcards.addAll(others(files));
            imported.addAll(others(files));
        }

        void samePackage(List<String> files) {
            samePackage.addAll(others(files));
        }

        void reach(List<String> files) {
            imported.addAll(others(files));
        }

        private List<String> others(List<String> files) {
            return files.stream().filter(f -> !f.equals(self)).toList();
        }

        Scope build() {
            Map<String, Set<String>> ns = new HashMap<>();
            namespaces.forEach((k, v) -> ns.put(k, Set.copyOf(v)));
            Map<String, List<Scope.Binding>> bound = new HashMap<>();
            names.forEach((k, v) -> bound.put(k, List.copyOf(v)));
            return new Scope(ns, bound, wildcards, samePackage, imported, moduleScoped);
        }
    }
}
