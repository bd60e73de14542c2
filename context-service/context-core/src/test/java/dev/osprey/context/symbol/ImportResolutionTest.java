package dev.osprey.context.symbol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Toy repositories pinning, per language, which definition each imported name resolves to. */
class ImportResolutionTest {

    /** A repository of {@code files}; {@link #resolve} answers {@code path:symbol EVIDENCE} per definition. */
    private static final class Repo {
        final SymbolIndex index = new SymbolIndex();
        final ImportResolver resolver = new ImportResolver(index);
        final NameResolver names = new NameResolver(index);

        Repo(Map<String, String> files) {
            SymbolExtractor extractor = new SymbolExtractor();
            new TreeMap<>(files).forEach((path, text) -> index.put(extractor.extract(path, text)));
        }

        List<String> resolve(String from, String name) {
            Scope scope = resolver.scope(index.file(from));
            return names.resolve(name, scope, from).stream()
                    .map(r -> r.definition().path() + ":" + r.definition().symbol() + " " + r.evidence()).toList();
        }
    }

    @Test
    void python() {
        Repo repo = new Repo(Map.of(
                "app/__init__.py", "from .core import Engine\n",
                "app/core.py", "class Engine:\n    def run(self):\n        pass\n",
                "app/util/__init__.py", "def flatten(x):\n    return x\n",
                "app/util/text.py", "def slug(s):\n    return s\n",
                "app/cli/main.py", """
                        from ..core import Engine as E
                        from ..util import flatten, text
                        import app.util.text
                        from app.util.text import *
                        def main():
                            pass
                        """,
                "src/lib/helpers.py", "def helper():\n    pass\n",
                "scripts/run.py", "from lib.helpers import helper\nimport app.core as c\n"));
        assertEquals(List.of("app/core.py:Engine IMPORTED"), repo.resolve("app/cli/main.py", "E"));
        assertEquals(List.of("app/core.py:Engine.run IMPORTED"), repo.resolve("app/cli/main.py", "E.run"));
        assertEquals(List.of("app/util/__init__.py:flatten IMPORTED"), repo.resolve("app/cli/main.py", "flatten"));
        // `text` names the submodule app/util/text.py, not a name defined in the package
        assertEquals(List.of("app/util/text.py:slug IMPORTED"), repo.resolve("app/cli/main.py", "text.slug"));
        assertEquals(List.of("app/util/text.py:slug IMPORTED"), repo.resolve("app/cli/main.py", "app.util.text.slug"));
        assertEquals(List.of("app/util/text.py:slug WILDCARD"), repo.resolve("app/cli/main.py", "slug"));
        // an absolute import found under a source root
        assertEquals(List.of("src/lib/helpers.py:helper IMPORTED"), repo.resolve("scripts/run.py", "helper"));
        assertEquals(List.of("app/core.py:Engine IMPORTED"), repo.resolve("scripts/run.py", "c.Engine"));
    }

    @Test
    void java() {
        Repo repo = new Repo(Map.of(
                "src/com/acme/geo/Shape.java", "package com.acme.geo;\npublic interface Shape { double area(); }\n",
                "src/com/acme/geo/Circle.java", """
                        package com.acme.geo;
                        public class Circle implements Shape {
                            public static double unit() { return 1; }
                            public double area() { return 0; }
                        }
                        """,
                "src/com/acme/geo/Geometry.java", "package com.acme.geo;\nclass Geometry { static final int MAX = 3; }\n",
                "src/com/acme/util/Strings.java", "package com.acme.util;\npublic class Strings { static String pad() { return \"\"; } }\n",
                "src/com/acme/app/Main.java", """
                        package com.acme.app;
                        import com.acme.geo.Circle;
                        import com.acme.util.*;
                        import static com.acme.geo.Circle.unit;
                        class Main { }
                        """,
                "src/com/acme/app/Other.java", "package com.acme.app;\nclass Other { void go() {} }\n"));
        assertEquals(List.of("src/com/acme/geo/Circle.java:Circle IMPORTED"), repo.resolve("src/com/acme/app/Main.java", "Circle"));
        assertEquals(List.of("src/com/acme/geo/Circle.java:Circle.area IMPORTED"),
                repo.resolve("src/com/acme/app/Main.java", "Circle.area"));
        assertEquals(List.of("src/com/acme/geo/Circle.java:Circle.unit IMPORTED"), repo.resolve("src/com/acme/app/Main.java", "unit"));
        assertEquals(List.of("src/com/acme/util/Strings.java:Strings.pad WILDCARD"),
                repo.resolve("src/com/acme/app/Main.java", "Strings.pad"));
        assertEquals(List.of("src/com/acme/app/Other.java:Other SAME_PACKAGE"), repo.resolve("src/com/acme/app/Main.java", "Other"));
        // not imported, but one file defines it
        assertEquals(List.of("src/com/acme/geo/Geometry.java:Geometry UNIQUE"), repo.resolve("src/com/acme/app/Main.java", "Geometry"));
    }

    @Test
    void javascriptAndTypescript() {
        Repo repo = new Repo(Map.of(
                "src/util/index.ts", "export function clamp(x: number) { return x; }\n",
                "src/shapes.ts", "export class Circle { area() { return 0; } }\nexport default function make() {}\n",
                "src/esm.ts", "export const VERSION = 1;\n",
                "lib/old.js", "function legacy() {}\nmodule.exports = { legacy };\n",
                "src/app.ts", """
                        import { clamp as c } from './util';
                        import make, { Circle } from './shapes';
                        import * as esm from './esm.js';
                        import React from 'react';
                        const { legacy } = require('../lib/old');
                        """));
        assertEquals(List.of("src/util/index.ts:clamp IMPORTED"), repo.resolve("src/app.ts", "c"));
        assertEquals(List.of("src/shapes.ts:Circle.area IMPORTED"), repo.resolve("src/app.ts", "Circle.area"));
        assertEquals(List.of("src/shapes.ts:make IMPORTED"), repo.resolve("src/app.ts", "make"));
        assertEquals(List.of("src/esm.ts:VERSION IMPORTED"), repo.resolve("src/app.ts", "esm.VERSION"));
        assertEquals(List.of("lib/old.js:legacy IMPORTED"), repo.resolve("src/app.ts", "legacy"));
        assertEquals(List.of(), repo.resolve("src/app.ts", "React"));
    }

    @Test
    void go() {
        Repo repo = new Repo(Map.of(
                "pkg/geo/point.go", "package geo\n\ntype Point struct{}\n\nfunc New() Point { return Point{} }\n",
                "pkg/geo/norm.go", "package geo\n\nfunc norm(p Point) int { return 0 }\n",
                "internal/strs/strs.go", "package stringsx\n\nfunc Pad(s string) string { return s }\n",
                "cmd/app/main.go", """
                        package main

                        import (
                        	"fmt"
                        	g "example.com/proj/pkg/geo"
                        	"example.com/proj/internal/strs"
                        )
                        """));
        assertEquals(List.of("pkg/geo/point.go:New IMPORTED"), repo.resolve("cmd/app/main.go", "g.New"));
        // the package clause names the package, not the directory
        assertEquals(List.of("internal/strs/strs.go:Pad IMPORTED"), repo.resolve("cmd/app/main.go", "stringsx.Pad"));
        assertEquals(List.of(), repo.resolve("cmd/app/main.go", "fmt.Println"));
        assertEquals(List.of("pkg/geo/point.go:Point SAME_PACKAGE"), repo.resolve("pkg/geo/norm.go", "Point"));
    }

    @Test
    void rust() {
        Repo repo = new Repo(Map.of(
                "src/lib.rs", "pub mod geo;\nmod util;\n",
                "src/geo/mod.rs", "pub mod point;\npub fn area() -> f64 { 0.0 }\n",
                "src/geo/point.rs", "pub struct Point;\nimpl Point { pub fn norm(&self) -> f64 { 0.0 } }\n",
                "src/util.rs", """
                        use crate::geo::point::{self, Point as P};
                        use super::geo::*;
                        use std::fmt;
                        pub fn helper() {}
                        """));
        assertEquals(List.of("src/geo/point.rs:Point IMPORTED"), repo.resolve("src/util.rs", "P"));
        assertEquals(List.of("src/geo/point.rs:Point.norm IMPORTED"), repo.resolve("src/util.rs", "point.Point.norm"));
        assertEquals(List.of("src/geo/mod.rs:area WILDCARD"), repo.resolve("src/util.rs", "area"));
        assertEquals(List.of("src/util.rs:helper IMPORTED"), repo.resolve("src/lib.rs", "util.helper"));
        assertEquals(List.of(), repo.resolve("src/util.rs", "fmt.Display"));
    }

    @Test
    void cAndCpp() {
        Repo repo = new Repo(Map.of(
                "include/geo/geo.h", "#pragma once\ndouble circle_area(double r);\n",
                "include/geo/geo.c", "#include \"geo.h\"\ndouble circle_area(double r) { return r; }\n",
                "src/util.h", "int clamp(int x);\n",
                "src/main.c", "#include \"util.h\"\n#include <geo/geo.h>\n#include <stdio.h>\nint main(void) { return 0; }\n"));
        assertEquals(List.of("src/util.h:clamp WILDCARD"), repo.resolve("src/main.c", "clamp"));
        // the header's prototype and its implementation beside it
        assertEquals(List.of("include/geo/geo.c:circle_area WILDCARD", "include/geo/geo.h:circle_area WILDCARD"),
                repo.resolve("src/main.c", "circle_area"));
    }

    @Test
    void uniquenessTiesNeitherModuleScopedBareNamesNorVariables() {
        Repo repo = new Repo(Map.of(
                "lib/util.py", "def helper():\n    pass\nclass Box:\n    def unpack(self):\n        pass\n",
                "app/main.py", "import os\n",
                "src/Config.java", "package cfg;\nclass Config { }\n",
                "src/Main.java", "package app;\nclass Main { }\n",
                "src/state.go", "package state\n\nvar current = 1\n",
                "cmd/main.go", "package main\n"));
        // Python sees another file's names only through imports
        assertEquals(List.of(), repo.resolve("app/main.py", "helper"));
        // a method on an object of unknown type, when one file defines a method of that name
        assertEquals(List.of("lib/util.py:Box.unpack UNIQUE"), repo.names.resolveMember("unpack", "app/main.py").stream()
                .map(r -> r.definition().path() + ":" + r.definition().symbol() + " " + r.evidence()).toList());
        assertEquals(List.of(), repo.names.resolveMember("helper", "app/main.py"));
        // Java: one file defines it, and names may cross files without an import there
        assertEquals(List.of("src/Config.java:Config UNIQUE"), repo.resolve("src/Main.java", "Config"));
        assertEquals(List.of(), repo.resolve("cmd/main.go", "current"));
    }

    @Test
    void ambiguousBareNamesResolveToNothing() {
        Repo repo = new Repo(Map.of(
                "a/one.py", "def run():\n    pass\n",
                "b/two.py", "def run():\n    pass\n",
                "c/main.py", "import os\n"));
        assertEquals(List.of(), repo.resolve("c/main.py", "run"));
    }

    /** An indexed file's scope is kept between calls and resolved anew once the index changes. */
    @Test
    void aKeptScopeFollowsIndexChanges() {
        Repo repo = new Repo(Map.of("app/Main.java", "package app;\nimport lib.Tool;\nclass Main {}\n"));
        SymbolExtractor extractor = new SymbolExtractor();
        FileSymbols main = repo.index.file("app/Main.java");
        assertEquals(List.of(), repo.resolve("app/Main.java", "Tool"));
        org.assertj.core.api.Assertions.assertThat(repo.resolver.scope(main)).isSameAs(repo.resolver.scope(main));
        repo.index.put(extractor.extract("lib/Tool.java", "package lib;\npublic class Tool {}\n"));
        assertEquals(List.of("lib/Tool.java:Tool IMPORTED"), repo.resolve("app/Main.java", "Tool"));
        repo.index.remove("lib/Tool.java");
        assertEquals(List.of(), repo.resolve("app/Main.java", "Tool"));
        // a copy that is not the indexed one (a request's text) is resolved, not served from what was kept
        FileSymbols edited = extractor.extract("app/Main.java", "package app;\nclass Main {}\n");
        org.assertj.core.api.Assertions.assertThat(repo.resolver.scope(edited).imported()).isEmpty();
    }
}

