package dev.osprey.context.symbol;

import dev.osprey.tokenizer.classes.SourceLanguage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one import statement (its text with whitespace collapsed to single blanks) into {@link Import}s. A statement
 * that does not match its language's forms yields none.
 */
final class ImportSyntax {
    private static final Pattern PY_FROM = Pattern.compile("from (\\.*[\\w.]*) import (.+)");
    private static final Pattern JS_FROM = Pattern.compile("import (?:type )?(.+?) from ['\"]([^'\"]+)['\"].*");
    private static final Pattern JS_BARE = Pattern.compile("import ['\"]([^'\"]+)['\"].*");
    private static final Pattern REQUIRE = Pattern.compile(
            "(?:const|let|var) (.+?) = require\\s*\\(\\s*['\"]([^'\"]+)['\"]\\s*\\).*");
    private static final Pattern GO_SPEC = Pattern.compile("(?:([\\w.]+) )?\"([^\"]+)\"");
    private static final Pattern INCLUDE = Pattern.compile("#\\s*include ?([\"<][^\">]+[\">])");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][\\w$]*");

    private ImportSyntax() {
    }

    static List<Import> parse(SourceLanguage language, String statement, int line) {
        return switch (language) {
            case PYTHON -> python(statement, line);
            case JAVA -> java(statement, line);
            case JAVASCRIPT, TYPESCRIPT -> javascript(statement, line);
            case GO -> go(statement, line);
            case RUST -> rust(statement, line);
            case C, CPP -> include(statement, line);
        };
    }

    /** {@code import a.b as c, d} and {@code from ..m import x as y, (z)} and {@code from m import *}. */
    private static List<Import> python(String statement, int line) {
        Matcher from = PY_FROM.matcher(statement);
        if (from.matches()) {
            String what = from.group(2).replaceAll("[()]", "").strip();
            if (what.equals("*")) {
                return List.of(Import.everything(line, from.group(1)));
            }
            return List.of(new Import(line, from.group(1), aliases(what, " as "), "", false));
        }
        if (!statement.startsWith("import ")) {
            return List.of();
        }
        List<Import> imports = new ArrayList<>();
        for (String part : statement.substring("import ".length()).split(",")) {
            String[] words = part.strip().split(" as ");
            String module = words[0].strip();
            if (!module.isEmpty()) {
                imports.add(Import.module(line, module, words.length > 1 ? words[1].strip() : module));
            }
        }
        return imports;
    }

    /** {@code import a.b.C;}, {@code import a.b.*;}, {@code import static a.b.C.m;}, {@code import static a.b.C.*;}. */
    private static List<Import> java(String statement, int line) {
        String spec = statement.replaceFirst("^import ", "").replaceFirst("^static ", "").replaceAll("[;\\s]", "");
        if (spec.endsWith(".*")) {
            return List.of(Import.everything(line, spec.substring(0, spec.length() - 2)));
        }
        int dot = spec.lastIndexOf('.');
        if (dot <= 0) {
            return List.of();
        }
        String name = spec.substring(dot + 1);
        return List.of(new Import(line, spec.substring(0, dot), Map.of(name, name), "", false));
    }

    /** {@code import d, {a, b as c} from 'm'}, {@code import * as ns from 'm'}, {@code import 'm'}. */
    private static List<Import> javascript(String statement, int line) {
        Matcher bare = JS_BARE.matcher(statement);
        if (bare.matches()) {
            return List.of(Import.module(line, bare.group(1), ""));
        }
        Matcher from = JS_FROM.matcher(statement);
        if (!from.matches()) {
            return List.of();
        }
        String clause = from.group(1).strip();
        Map<String, String> names = new LinkedHashMap<>();
        String namespace = "";
        int brace = clause.indexOf('{');
        if (brace >= 0) {
            int close = clause.indexOf('}', brace);
            names.putAll(aliases(clause.substring(brace + 1, close < 0 ? clause.length() : close).replace("type ", ""),
                    " as "));
            clause = clause.substring(0, brace) + (close < 0 ? "" : clause.substring(close + 1));
        }
        for (String part : clause.split(",")) {
            String p = part.strip();
            if (p.startsWith("* as ")) {
                namespace = p.substring(5).strip();
            } else if (NAME.matcher(p).matches()) {
                names.put(p, "default");
            }
        }
        return List.of(new Import(line, from.group(2), names, namespace, false));
    }

    /** {@code const x = require('m')} and {@code const {a, b: c} = require('m')}. */
    static List<Import> parseRequire(String statement, int line) {
        Matcher m = REQUIRE.matcher(statement);
        if (!m.matches()) {
            return List.of();
        }
        String target = m.group(1).strip();
        if (target.startsWith("{")) {
            return List.of(new Import(line, m.group(2), aliases(target.replaceAll("[{}]", ""), ":"), "", false));
        }
        return NAME.matcher(target).matches() ? List.of(Import.module(line, m.group(2), target)) : List.of();
    }

    /** {@code import "p"}, {@code import ( a "p" ; . "q" ; _ "r" )}: the package name is left to resolution. */
    private static List<Import> go(String statement, int line) {
        List<Import> imports = new ArrayList<>();
        Matcher m = GO_SPEC.matcher(statement);
        while (m.find()) {
            String alias = m.group(1) == null ? "" : m.group(1);
            if (alias.equals(".")) {
                imports.add(Import.everything(line, m.group(2)));
            } else if (!alias.equals("_")) {
                imports.add(Import.module(line, m.group(2), alias));
            }
        }
        return imports;
    }

    /** {@code use a::b::{c, d::e as f, self, g::*};} expanded to one import per leaf. */
    private static List<Import> rust(String statement, int line) {
        String tree = statement.replaceFirst("^pub(\\([^)]*\\))? ", "").replaceFirst("^use ", "")
                .replace(";", "").replaceAll("\\s*([{},]|::)\\s*", "$1").strip();
        List<Import> imports = new ArrayList<>();
        expandRust("", tree, line, imports);
        return imports;
    }

    private static void expandRust(String base, String tree, int line, List<Import> out) {
        int brace = tree.indexOf('{');
        if (brace >= 0 && tree.endsWith("}")) {
            String prefix = join(base, tree.substring(0, brace).replaceFirst("::$", ""));
            for (String part : splitTopLevel(tree.substring(brace + 1, tree.length() - 1))) {
                if (!part.isEmpty()) {
                    expandRust(prefix, part, line, out);
                }
            }
            return;
        }
        String[] words = tree.split(" as ");
        String path = join(base, words[0].strip());
        String local = words.length > 1 ? words[1].strip() : null;
        int sep = path.lastIndexOf("::");
        String last = sep < 0 ? path : path.substring(sep + 2);
        String parent = sep < 0 ? "" : path.substring(0, sep);
        if (last.equals("*")) {
            out.add(Import.everything(line, parent));
        } else if (last.equals("self")) {
            String name = parent.substring(parent.lastIndexOf(':') + 1);
            out.add(Import.module(line, parent, local == null ? name : local));
        } else if (!parent.isEmpty()) {
            out.add(new Import(line, parent, Map.of(local == null ? last : local, last), "", false));
        } else {
            out.add(Import.module(line, last, local == null ? last : local));
        }
    }

    private static List<String> splitTopLevel(String list) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(list.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(list.substring(start));
        return parts;
    }

    private static String join(String base, String path) {
        return base.isEmpty() ? path : path.isEmpty() ? base : base + "::" + path;
    }

    /** {@code #include "x.h"} and {@code #include <x.h>}, keeping the delimiters. */
    private static List<Import> include(String statement, int line) {
        Matcher m = INCLUDE.matcher(statement);
        return m.lookingAt() ? List.of(Import.everything(line, m.group(1))) : List.of();
    }

    /** {@code a, b as c} → {a=a, c=b} with {@code separator} " as " (or ":" for destructuring). */
    private static Map<String, String> aliases(String list, String separator) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String part : list.split(",")) {
            String[] words = part.strip().split(Pattern.quote(separator.strip().equals(":") ? ":" : separator));
            String imported = words[0].strip();
            String local = words.length > 1 ? words[1].strip() : imported;
            if (NAME.matcher(imported).matches() && NAME.matcher(local).matches()) {
                names.put(local, imported);
            }
        }
        return names;
    }
}
