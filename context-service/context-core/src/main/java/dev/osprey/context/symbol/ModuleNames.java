package dev.osprey.context.symbol;

import dev.osprey.tokenizer.classes.SourceLanguage;

/** The module name a file's path implies, for languages whose modules follow their paths. */
final class ModuleNames {
    private ModuleNames() {
    }

    /**
     * Python {@code a/b/c.py} → {@code a.b.c} and {@code a/b/__init__.py} → {@code a.b}; Rust {@code src/a/b.rs} and
     * {@code src/a/b/mod.rs} → {@code a.b} (the crate root {@code lib.rs} or {@code main.rs} → empty); JavaScript and
     * TypeScript {@code src/util/index.ts} → {@code src/util}; empty for other languages (Java and Go name their
     * package in the file).
     */
    static String fromPath(SourceLanguage language, String path) {
        String stem = path.substring(0, path.lastIndexOf('.') < 0 ? path.length() : path.lastIndexOf('.'));
        return switch (language) {
            case PYTHON -> stem.replaceFirst("(^|/)__init__$", "").replace('/', '.');
            case RUST -> {
                String inCrate = stem.contains("src/") ? stem.substring(stem.lastIndexOf("src/") + 4) : stem;
                inCrate = inCrate.replaceFirst("(^|/)mod$", "");
                yield inCrate.equals("lib") || inCrate.equals("main") ? "" : inCrate.replace('/', '.');
            }
            case JAVASCRIPT, TYPESCRIPT -> stem.replaceFirst("/index$", "");
            default -> "";
        };
    }
}
