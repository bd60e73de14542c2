package dev.osprey.context.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the names code uses, nearest the cursor first. */
final class Identifiers {
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

    /** Import, include and use statements (and CommonJS requires): their names are not uses. */
    static final Pattern IMPORT_LINE = Pattern.compile(
            "^\\s*(?:import\\b|from\\s+\\S+\\s+import\\b|#\\s*include\\b|(?:pub\\s+)?use\\b|using\\b|package\\b"
                    + "|(?:pub\\s+)?mod\\s+\\w+\\s*;|(?:const|let|var)\\s+.*=\\s*require\\s*\\(|export\\s+(?:type\\s+)?\\{.*\\bfrom\\b)");

    /** A Python {@code from module import}'s head: the module path is not a name it brings in. */
    private static final Pattern FROM_MODULE = Pattern.compile("^\\s*from\\s+\\S+\\s+import\\b");
    /** Quoted specifiers of imports and includes. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|<[^>]*>");

    /**
     * The distance given to the enclosing type's supertypes: the code at the cursor implements or overrides them,
     * so they count as used on the line next to it.
     */
    static final int SUPERTYPE_DISTANCE = 1;

    private Identifiers() {
    }

    /**
     * The distinct names in {@code prefix} and {@code suffix}, by distance from the cursor (the end of {@code prefix}),
     * ties in order of appearance; names starting with a keyword are left out and a leading receiver
     * ({@code self}, {@code this}) is dropped, annotations and decorators ({@code @Name}) are left out. A qualified
     * use {@code Type.member} counts for {@code Type} too, at the same distance. The supertypes of the type enclosing
     * the cursor ({@link Supertypes}) count as used {@value #SUPERTYPE_DISTANCE} line away. On an import
     * line only the imported names count (the last part of a
     * dotted path), and a name imported but used nowhere else in the request is taken to be used at the cursor
     * (distance 0): the code being written is where it will be used.
     *
     * @param max at most this many names
     */
    static List<IdentifierUse> around(String prefix, String suffix, int max) {
        return around(prefix, suffix, max, Integer.MAX_VALUE);
    }

    /**
     * {@link #around(String, String, int)} reading at most {@code maxLines} lines on each side of the cursor, and the
     * prefix's import statements wherever they are.
     */
    static List<IdentifierUse> around(String prefix, String suffix, int max, int maxLines) {
        Map<String, Integer> nearest = new HashMap<>();
        List<String> order = new ArrayList<>();
        Set<String> imported = new LinkedHashSet<>();
        Set<String> annotations = new HashSet<>();
        List<String> before = prefix.lines().toList();
        List<String> after = List.of(suffix.split("\n", -1));
        boolean[] beforeImports = importLines(before);
        boolean[] afterImports = importLines(after);
        List<String> supertypes = Supertypes.ofEnclosingType(before);
        int lines = Math.min(maxLines, Math.max(before.size(), after.size()));
        int d = 0;
        while (d < lines) {
            if (d < before.size()) {
                int i = before.size() - 1 - d;
                scan(before.get(i), beforeImports[i], d, nearest, order, imported, annotations);
            }
            if (d < after.size()) {
                scan(after.get(d), afterImports[d], d, nearest, order, imported, annotations);
            }
            d++;
            if (d > SUPERTYPE_DISTANCE && order.size() >= max) {
                break;
            }
        }
        if (d < lines) {
            // max names are nearer than any line left, so those lines add no name that is returned; they still
            // decide which imported names and supertypes are used (and where a supertype is first used), and only
            // lines holding one of those as a word can: the rest are skipped, the import lines read as before
            Set<String> wanted = new HashSet<>();
            for (String supertype : supertypes) { // a chain naming pkg.Base holds each of its parts as a word
                wanted.addAll(List.of(supertype.split("\\.")));
            }
            wanted.addAll(importedNames(before, beforeImports));
            wanted.addAll(importedNames(after, afterImports));
            WordFilter filter = new WordFilter(wanted);
            for (; d < lines; d++) {
                if (d < before.size()) {
                    int i = before.size() - 1 - d;
                    if (beforeImports[i] || filter.containsAny(before.get(i))) {
                        scan(before.get(i), beforeImports[i], d, nearest, order, imported, annotations);
                    }
                }
                if (d < after.size() && (afterImports[d] || filter.containsAny(after.get(d)))) {
                    scan(after.get(d), afterImports[d], d, nearest, order, imported, annotations);
                }
            }
        }
        for (int i = 0; i < before.size() - lines; i++) { // the imports of a long file's head, beyond maxLines
            if (beforeImports[i]) {
                scan(before.get(i), true, before.size() - 1 - i, nearest, order, imported, annotations);
            }
        }
        for (String supertype : supertypes) {
            Integer seen = nearest.get(supertype);
            if (seen == null) {
                order.add(supertype);
            }
            nearest.put(supertype, seen == null ? SUPERTYPE_DISTANCE : Math.min(seen, SUPERTYPE_DISTANCE));
        }
        List<String> notSeen = imported.stream().filter(n -> !nearest.containsKey(n) && !annotations.contains(n))
                .toList();
        Set<String> wordsBeyond = notSeen.isEmpty() || lines >= Math.max(before.size(), after.size()) ? Set.of()
                : wordsOutsideImports(before, beforeImports, after, afterImports, new HashSet<>(notSeen));
        List<String> unusedImports = notSeen.stream().filter(n -> !wordsBeyond.contains(n)).toList();
        List<IdentifierUse> uses = new ArrayList<>();
        unusedImports.forEach(n -> uses.add(new IdentifierUse(n, 0)));
        order.forEach(n -> uses.add(new IdentifierUse(n, nearest.get(n))));
        uses.sort(java.util.Comparator.comparingInt(IdentifierUse::distance));
        return uses.stream().limit(max).toList();
    }

    /**
     * Which of {@code names} occur as words ({@link NameChains#isNamePart} runs) on the lines of {@code prefix} and
     * {@code suffix} that are not import lines: a name the scan saw only inside a longer chain ({@code x.Name}), or
     * beyond the lines it read, still counts as used.
     */
    private static Set<String> wordsOutsideImports(List<String> prefix, boolean[] prefixImports, List<String> suffix,
                                                   boolean[] suffixImports, Set<String> names) {
        WordFilter filter = new WordFilter(names);
        Set<String> found = new HashSet<>();
        for (int i = 0; i < prefix.size() && found.size() < names.size(); i++) {
            if (!prefixImports[i]) {
                filter.addFound(prefix.get(i), found);
            }
        }
        for (int i = 0; i < suffix.size() && found.size() < names.size(); i++) {
            if (!suffixImports[i]) {
                filter.addFound(suffix.get(i), found);
            }
        }
        return found;
    }

    /** The names {@code lines}' import lines bring in. */
    private static Set<String> importedNames(List<String> lines, boolean[] importLines) {
        Set<String> names = new HashSet<>();
        Map<String, Integer> unused = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (importLines[i]) {
                scan(lines.get(i), true, 0, unused, new ArrayList<>(), names, new HashSet<>());
            }
        }
        return names;
    }

    /** Finds given names among a line's words, making a string only of a word whose length and first char fit one. */
    private static final class WordFilter {
        private final Set<String> names;
        private final java.util.BitSet lengths = new java.util.BitSet();
        private final java.util.BitSet firstChars = new java.util.BitSet();

        WordFilter(Set<String> names) {
            this.names = names;
            for (String n : names) {
                if (!n.isEmpty()) {
                    lengths.set(n.length());
                    firstChars.set(n.charAt(0));
                }
            }
        }

        /** Whether a name {@link NameChains} reads in {@code line} (a name part run from a name start) is one. */
        boolean containsAny(String line) {
            return visit(line, true, word -> true);
        }

        /** Adds the names among {@code line}'s words ({@link NameChains#isNamePart} runs) to {@code found}. */
        void addFound(String line, Set<String> found) {
            visit(line, false, word -> {
                found.add(word);
                return false;
            });
        }

        /**
         * Hands each of {@code line}'s words that is one of the names to {@code stop} until it answers true. A word is
         * a run of name parts; with {@code fromNameStart}, one begins only at a name start (as {@link NameChains}
         * reads names: {@code 9abc} holds {@code abc}).
         *
         * @return whether {@code stop} answered true
         */
        private boolean visit(String line, boolean fromNameStart, java.util.function.Predicate<String> stop) {
            int i = 0;
            while (i < line.length()) {
                char c = line.charAt(i);
                if (fromNameStart ? !NameChains.isNameStart(c) : !NameChains.isNamePart(c)) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < line.length() && NameChains.isNamePart(line.charAt(i))) {
                    i++;
                }
                if (lengths.get(i - start) && firstChars.get(line.charAt(start))) {
                    String word = line.substring(start, i);
                    if (names.contains(word) && stop.test(word)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** Which of {@code lines} belong to import statements, those spanning lines ({@code (...)}, {@code {...}}) included. */
    static boolean[] importLines(List<String> lines) {
        boolean[] flags = new boolean[lines.size()];
        int open = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (open > 0 || mayStartImport(line) && IMPORT_LINE.matcher(line).find()) {
                flags[i] = true;
                for (char c : line.toCharArray()) {
                    open += c == '(' || c == '{' ? 1 : c == ')' || c == '}' ? -1 : 0;
                }
                open = Math.max(0, open);
            }
        }
        return flags;
    }

    /**
     * The first words {@link #IMPORT_LINE} can match after leading blanks (its alternatives' leading keywords); a line
     * whose first non-blank char is {@code #} may be an include.
     */
    static final Set<String> IMPORT_FIRST_WORDS = Set.of("import", "from", "pub", "use", "using", "package", "mod",
            "const", "let", "var", "export");

    /**
     * Whether {@code line} can be what {@link #IMPORT_LINE} matches: its first non-blank char is {@code #} or its
     * leading letters are one of {@link #IMPORT_FIRST_WORDS}. Most lines of code are ruled out without the regex.
     */
    static boolean mayStartImport(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i < line.length() && line.charAt(i) == '#') {
            return true;
        }
        int start = i;
        while (i < line.length() && i - start <= 7 && isAsciiLetter(line.charAt(i))) {
            i++;
        }
        return i > start && i - start <= 7 && IMPORT_FIRST_WORDS.contains(line.substring(start, i));
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    static void scan(String line, boolean importLine, int distance, Map<String, Integer> nearest,
                             List<String> order, Set<String> imported, Set<String> annotations) {
        // an import's module path and quoted specifiers are not names it brings in
        String text = importLine ? QUOTED.matcher(FROM_MODULE.matcher(line).replaceFirst("import")).replaceAll(" ")
                : line;
        for (NameChains.Chain chain : NameChains.of(text)) {
            if (chain.start() > 0 && text.charAt(chain.start() - 1) == '@') {
                // rarely what the code at the cursor needs, but a use of its import
                annotations.add(text.substring(chain.start(), chain.end()));
                continue;
            }
            List<String> parts = chain.names();
            int from = importLine ? parts.size() - 1 : RECEIVERS.contains(parts.getFirst()) && parts.size() > 1 ? 1 : 0;
            if (KEYWORDS.contains(parts.get(from))) {
                continue;
            }
            String name = from == 0 && parts.size() == 1 ? parts.getFirst()
                    : String.join(".", parts.subList(from, parts.size()));
            if (importLine) {
                imported.add(name);
                continue;
            }
            if (nearest.putIfAbsent(name, distance) == null) {
                order.add(name);
            }
            if (parts.size() - from > 1 && nearest.putIfAbsent(parts.get(from), distance) == null) {
                order.add(parts.get(from)); // Type.member(...) uses Type as well
            }
        }
    }
}
