package dev.osprey.context.symbol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which repository files a module specification names, per language. Each method returns at most
 * {@link #MAX_MATCHES} files, best first, and an empty list for modules outside the repository.
 */
final class ModuleFiles {
    /** Files one module specification may resolve to (suffix matches are ambiguous). */
    static final int MAX_MATCHES = 4;
    /** Files with one name examined by a suffix match. */
    static final int MAX_SCANNED = 2048;
    private static final List<String> JS_EXTENSIONS = List.of(".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs",
            ".mts", ".cts");
    private static final List<String> C_SOURCES = List.of(".c", ".cc", ".cpp", ".cxx");

    private final SymbolIndex index;

    ModuleFiles(SymbolIndex index) {
        this.index = index;
    }

    /**
     * Python: {@code ..pkg.mod} from the importing file's package, one level up per dot after the first;
     * {@code pkg.mod} from the repository root, else from any source root ({@code src/pkg/mod.py}). A module is
     * {@code mod.py}, {@code mod.pyi} or {@code mod/__init__.py}.
     */
    List<String> python(String from, String spec) {
        int dots = 0;
        while (dots < spec.length() && spec.charAt(dots) == '.') {
            dots++;
        }
        String rel = spec.substring(dots).replace('.', '/');
        if (dots > 0) {
            String base = Paths.resolve(Paths.directory(from), "../".repeat(dots - 1));
            if (base == null) {
                return List.of();
            }
            String module = rel.isEmpty() ? base : base.isEmpty() ? rel : base + "/" + rel;
            return first(rel.isEmpty() ? List.of(join(module, "__init__.py"))
                    : List.of(module + ".py", module + ".pyi", module + "/__init__.py"));
        }
        if (rel.isEmpty()) {
            return List.of();
        }
        List<String> atRoot = first(List.of(rel + ".py", rel + ".pyi", rel + "/__init__.py"));
        if (!atRoot.isEmpty()) {
            return atRoot;
        }
        List<String> under = suffixed(rel + ".py");
        return under.isEmpty() ? suffixed(rel + "/__init__.py") : under;
    }

    /**
     * JavaScript and TypeScript: a relative specifier ({@code ./x}, {@code ../y/z}) is the file itself, the file with
     * a known extension, or its directory's {@code index} file; {@code ./x.js} also finds {@code x.ts}. Bare
     * specifiers name packages, outside the repository.
     */
    List<String> javascript(String from, String spec) {
        if (!spec.startsWith("./") && !spec.startsWith("../") && !spec.equals(".") && !spec.equals("..")) {
            return List.of();
        }
        String target = Paths.resolve(Paths.directory(from), spec);
        if (target == null) {
            return List.of();
        }
        List<String> candidates = new ArrayList<>();
        candidates.add(target);
        String stem = target.replaceFirst("\\.(js|mjs|cjs|jsx)$", "");
        for (String ext : JS_EXTENSIONS) {
            candidates.add(stem + ext);
        }
        for (String ext : JS_EXTENSIONS) {
            candidates.add(join(target, "index" + ext));
        }
        return first(candidates);
    }

    /**
     * Go: the directory whose path ends the import path ({@code example.com/m/pkg/util} → {@code pkg/util}), longest
     * match first. An import path whose first element has no dot is the standard library's unless the whole path is
     * a directory of the repository.
     */
    String goDirectory(String spec) {
        String[] parts = spec.split("/");
        int shortest = parts[0].contains(".") ? 1 : parts.length;
        for (int k = parts.length; k >= shortest; k--) {
            String dir = String.join("/", java.util.Arrays.asList(parts).subList(parts.length - k, parts.length));
            if (index.directory(dir).stream().anyMatch(p -> p.endsWith(".go"))) {
                return dir;
            }
        }
        return null;
    }

    /**
     * Rust: {@code crate::a::b} from the crate root (the {@code src} directory holding the importing file),
     * {@code self::} and {@code super::} from the importing file's module, another first segment from the current
     * module and then the crate root (2015-style paths). Module {@code m} is {@code m.rs} or {@code m/mod.rs}.
     *
     * @param strict whether every segment must be a module; otherwise the deepest module on the path is returned
     *               ({@code crate::a::Type} → {@code a.rs})
     */
    List<String> rust(String from, String spec, boolean strict) {
        String[] segments = spec.split("::");
        List<String> starts = new ArrayList<>();
        int i = 0;
        String moduleDir = rustModuleDirectory(from);
        switch (segments[0]) {
            case "crate" -> { starts.add(rustCrateRoot(from)); i = 1; }
            case "self" -> { starts.add(moduleDir); i = 1; }
            case "super" -> {
                String dir = moduleDir;
                while (i < segments.length && segments[i].equals("super")) {
                    dir = Paths.directory(dir);
                    i++;
                }
                starts.add(dir);
            }
            default -> {
                starts.add(moduleDir);
                starts.add(rustCrateRoot(from));
            }
        }
        for (String start : new LinkedHashSet<>(starts)) {
            String dir = start;
            List<String> found = List.of();
            int matched = 0;
            for (int s = i; s < segments.length; s++) {
                String next = join(dir, segments[s]);
                List<String> file = first(List.of(next + ".rs", next + "/mod.rs"));
                if (file.isEmpty()) {
                    break;
                }
                found = file;
                dir = next;
                matched++;
            }
            boolean complete = i + matched == segments.length;
            if (i == segments.length) {
                found = first(List.of(join(start, "lib.rs"), join(start, "main.rs"), join(start, "mod.rs")));
                if (found.isEmpty() && !start.isEmpty()) {
                    found = first(List.of(start + ".rs"));
                }
                complete = true;
            }
            if (!found.isEmpty() && (complete || !strict)) {
                return found;
            }
        }
        return List.of();
    }

    /** The directory of a Rust file's child modules: {@code src/a.rs} → {@code src/a}; {@code src/lib.rs} → {@code src}. */
    static String rustModuleDirectory(String path) {
        String name = Paths.fileName(path);
        if (name.equals("lib.rs") || name.equals("main.rs") || name.equals("mod.rs")) {
            return Paths.directory(path);
        }
        return path.substring(0, path.length() - ".rs".length());
    }

    private static String rustCrateRoot(String path) {
        int src = path.lastIndexOf("src/");
        return src >= 0 && (src == 0 || path.charAt(src - 1) == '/') ? path.substring(0, src + 3) : "";
    }

    /**
     * C and C++: {@code "x.h"} next to the including file, else (like {@code <x.h>}) any file whose path ends with
     * {@code x.h} (an include directory); each header is followed by its implementation beside it ({@code x.c},
     * {@code x.cpp}, ...) when the repository has one.
     */
    List<String> include(String from, String spec) {
        String name = spec.substring(1, spec.length() - 1).strip();
        List<String> headers = List.of();
        if (spec.startsWith("\"")) {
            String local = Paths.resolve(Paths.directory(from), name);
            headers = local == null ? List.of() : first(List.of(local));
        }
        if (headers.isEmpty()) {
            headers = suffixed(name);
        }
        Set<String> out = new LinkedHashSet<>(headers);
        for (String header : headers) {
            int dot = header.lastIndexOf('.');
            if (dot > 0) {
                for (String ext : C_SOURCES) {
                    out.addAll(first(List.of(header.substring(0, dot) + ext)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The first of {@code candidates} that is indexed, as a list of at most one. */
    private List<String> first(List<String> candidates) {
        for (String candidate : candidates) {
            if (candidate != null && index.contains(candidate)) {
                return List.of(candidate);
            }
        }
        return List.of();
    }

    /** Indexed files whose path is {@code tail} or ends with {@code /tail}, shortest path first. */
    private List<String> suffixed(String tail) {
        List<String> out = new ArrayList<>();
        int scanned = 0;
        for (String path : index.withFileName(Paths.fileName(tail))) {
            if (++scanned > MAX_SCANNED) {
                break;
            }
            if (path.equals(tail) || path.endsWith("/" + tail)) {
                out.add(path);
            }
        }
        out.sort(java.util.Comparator.comparingInt(String::length).thenComparing(p -> p));
        return out.subList(0, Math.min(MAX_MATCHES, out.size()));
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }
}
