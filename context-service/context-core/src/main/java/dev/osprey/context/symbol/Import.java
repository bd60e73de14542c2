package dev.osprey.context.symbol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One import, include or use statement (or one part of it), as written; {@link ImportResolver} says which files it
 * reaches.
 *
 * @param line      1-based line of the statement
 * @param spec      the module as written, without quotes: {@code a.b.c} and {@code ..pkg} (Python), {@code a.b.C} and
 *                  {@code a.b} for {@code a.b.*} (Java), {@code ./util} (JS/TS), {@code example.com/m/pkg} (Go),
 *                  {@code crate::a::b} (Rust), {@code "x.h"} or {@code <x.h>} with their delimiters (C/C++)
 * @param names     local name → the name it refers to in the target ({@code default} for a JavaScript default
 *                  import); in file order
 * @param namespace the local name bound to the module itself ({@code import numpy as np}, {@code * as ns}, a Go
 *                  package name), or empty
 * @param wildcard  every top-level name of the target is visible ({@code import a.*}, {@code from m import *},
 *                  {@code use m::*}, a Go dot import, an include)
 */
public record Import(int line, String spec, Map<String, String> names, String namespace, boolean wildcard) {
    public Import {
        Objects.requireNonNull(spec, "spec");
        names = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(names));
        namespace = namespace == null ? "" : namespace;
    }

    static Import module(int line, String spec, String namespace) {
        return new Import(line, spec, Map.of(), namespace, false);
    }

    static Import everything(int line, String spec) {
        return new Import(line, spec, Map.of(), "", true);
    }
}
