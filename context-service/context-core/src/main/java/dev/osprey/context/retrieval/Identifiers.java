package dev.osprey.context.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the names code uses, nearest the cursor first. */
final class Identifiers {
    private static final Pattern CHAIN = Pattern.compile(
            "[A-Za-z_$][\\w$]*(?:\\s*(?:\\.|::|->|\\?\\.)\\s*[A-Za-z_$][\\w$]*)*");
    private static final Pattern SEPARATOR = Pattern.compile("\\s*(?:\\.|::|->|\\?\\.)\\s*");
    /** Receivers naming the current object: {@code self.x} is looked up as {@code x}. */
    private static final Set<String> RECEIVERS = Set.of("self", "this", "cls", "super", "Self");
    /** Keywords and literals of the supported languages, which are never definitions. */
    private static final Set<String> KEYWORDS = Set.of("abstract", "and", "as", "async", "await", "bool", "boolean",
            "break", "byte", "case", "catch", "char", "class", "const", "continue", "crate", "def", "default", "defer",
            "del", "do", "double", "elif", "else", "enum", "except", "export", "extends", "extern", "false", "False",
            "final", "finally", "float", "fn", "for", "from", "func", "function", "go", "if", "impl", "implements",
            "import", "in", "include", "int", "interface", "is", "lambda", "let", "long", "loop", "match", "mod", "mut",
            "namespace", "new", "nil", "None", "not", "null", "or", "package", "pass", "private", "protected", "pub",
            "public", "raise", "range", "return", "short", "static", "string", "struct", "switch", "throw", "throws",
            "trait", "true", "True", "try", "type", "typedef", "typeof", "unsigned", "use", "var", "void", "where",
            "while", "with", "yield");

    private Identifiers() {
    }

    /**
     * The distinct names in {@code prefix} and {@code suffix}, by distance from the cursor (the end of {@code prefix}),
     * ties in order of appearance; names starting with a keyword are left out and a leading receiver
     * ({@code self}, {@code this}) is dropped.
     *
     * @param max at most this many names
     */
    static List<IdentifierUse> around(String prefix, String suffix, int max) {
        Map<String, Integer> nearest = new HashMap<>();
        List<String> order = new ArrayList<>();
        List<String> before = prefix.lines().toList();
        String[] after = suffix.split("\n", -1);
        int lines = Math.max(before.size(), after.length);
        for (int d = 0; d < lines; d++) {
            if (d < before.size()) {
                scan(before.get(before.size() - 1 - d), d, nearest, order);
            }
            if (d < after.length) {
                scan(after[d], d, nearest, order);
            }
        }
        return order.stream().limit(max).map(n -> new IdentifierUse(n, nearest.get(n))).toList();
    }

    private static void scan(String line, int distance, Map<String, Integer> nearest, List<String> order) {
        Matcher m = CHAIN.matcher(line);
        while (m.find()) {
            String[] parts = SEPARATOR.split(m.group());
            int from = RECEIVERS.contains(parts[0]) && parts.length > 1 ? 1 : 0;
            if (KEYWORDS.contains(parts[from]) || Character.isDigit(parts[from].charAt(0))) {
                continue;
            }
            String name = String.join(".", java.util.Arrays.copyOfRange(parts, from, parts.length));
            if (nearest.putIfAbsent(name, distance) == null) {
                order.add(name);
            }
        }
    }
}
