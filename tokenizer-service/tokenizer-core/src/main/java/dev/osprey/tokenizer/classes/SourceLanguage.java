package dev.osprey.tokenizer.classes;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** A programming language the {@link CodeTokenClassifier} can parse. */
public enum SourceLanguage {
    JAVA("java", List.of(), List.of("java")),
    PYTHON("python", List.of("py", "python3"), List.of("py", "pyi")),
    JAVASCRIPT("javascript", List.of("js", "jsx"), List.of("js", "jsx", "mjs", "cjs")),
    TYPESCRIPT("typescript", List.of("ts"), List.of("ts", "mts", "cts")),
    GO("go", List.of("golang"), List.of("go")),
    RUST("rust", List.of("rs"), List.of("rs")),
    C("c", List.of(), List.of("c", "h")),
    CPP("cpp", List.of("c++", "cxx", "cc"), List.of("cpp", "cc", "cxx", "c++", "hpp", "hh", "hxx", "h++", "ipp"));

    private final String id;
    private final List<String> aliases;
    private final List<String> extensions;

    SourceLanguage(String id, List<String> aliases, List<String> extensions) {
        this.id = id;
        this.aliases = aliases;
        this.extensions = extensions;
    }

    /** The canonical lower-case name, as used in {@code ClassifyRequest.language}. */
    public String id() {
        return id;
    }

    /** File name extensions (lower case, no dot) that {@link #fromPath} maps to this language. */
    public List<String> extensions() {
        return extensions;
    }

    /**
     * The language named {@code name}: its id or an alias ({@code py}, {@code js}, {@code ts}, {@code golang},
     * {@code rs}, {@code c++}, {@code cxx}, {@code cc}, ...), ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the supported languages if {@code name} is none of them
     */
    public static SourceLanguage fromName(String name) {
        String key = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (SourceLanguage language : values()) {
            if (language.id.equals(key) || language.aliases.contains(key)) {
                return language;
            }
        }
        throw new IllegalArgumentException("unsupported source language '" + name + "'; supported: " + supportedNames());
    }

    /**
     * The language of a file by its extension ({@code Foo.java}, {@code src/lib.rs}, {@code a/b.hpp}). A {@code .h}
     * header is taken as C.
     *
     * @return empty when the path has no extension or one no supported language uses
     */
    public static Optional<SourceLanguage> fromPath(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String fileName = path.substring(slash + 1);
        int dot = fileName.lastIndexOf('.');
        if (dot <= 0 || dot == fileName.length() - 1) {
            return Optional.empty();
        }
        String extension = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(l -> l.extensions.contains(extension)).findFirst();
    }

    /** {@code "java, python (py, python3), ..."}: every id with its aliases, for error messages. */
    public static String supportedNames() {
        return Arrays.stream(values())
                .map(l -> l.aliases.isEmpty() ? l.id : l.id + " (" + String.join(", ", l.aliases) + ")")
                .collect(Collectors.joining(", "));
    }
}
