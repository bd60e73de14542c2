package dev.osprey.context.retrieval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The supertypes named by the declaration of the type that encloses a cursor: Java's and TypeScript's
 * {@code extends}/{@code implements}, Python's {@code class C(Base)}, Kotlin's, C#'s, C++'s and Swift's
 * {@code : Base}, Rust's {@code impl Trait for Type}. Found by text, not by a parse: the enclosing declaration is the
 * nearest one above the cursor that is indented less than the code at the cursor.
 */
final class Supertypes {
    /** A type declaration's head: its keyword and name. */
    static final Pattern DECLARATION = Pattern.compile(
            "^(\\s*)(?:[\\w@]+\\s+)*?(?:class|interface|record|enum|struct|trait|object)\\s+[A-Za-z_$][\\w$]*"
                    + "|^(\\s*)(?:unsafe\\s+)?impl\\b");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][\\w$]*(?:\\s*(?:\\.|::)\\s*[A-Za-z_$][\\w$]*)*");
    private static final Set<String> NOT_TYPES = Set.of("extends", "implements", "permits", "public", "private",
            "protected", "internal", "open", "virtual", "final", "sealed", "where", "for", "object", "metaclass",
            "with", "throws");
    /** Lines a declaration's head may span. */
    static final int MAX_HEAD_LINES = 6;
    /** Lines above the cursor searched for the declaration. */
    static final int MAX_LINES_UP = 5000;

    private Supertypes() {
    }

    /** The supertypes' names ({@code Base}, {@code pkg.Base}), in the order written; empty when none is found. */
    static List<String> ofEnclosingType(List<String> before) {
        int cursorIndent = cursorIndent(before);
        for (int i = before.size() - 1, seen = 0; i >= 0 && seen < MAX_LINES_UP; i--, seen++) {
            String line = before.get(i);
            if (!mayDeclare(line)) {
                continue;
            }
            Matcher m = DECLARATION.matcher(line);
            if (!m.find()) {
                continue;
            }
            boolean rustImpl = m.group(1) == null;
            String indent = rustImpl ? m.group(2) : m.group(1);
            if (indent.length() >= cursorIndent && i < before.size() - 1) {
                continue; // a sibling or nested type the cursor is not inside
            }
            return supertypes(head(before, i), rustImpl);
        }
        return List.of();
    }

    /** The keywords {@link #DECLARATION} needs one of: a line without any is ruled out without the regex. */
    static final List<String> DECLARATION_KEYWORDS = List.of("class", "interface", "record", "enum", "struct", "trait",
            "object", "impl");

    static boolean mayDeclare(String line) {
        for (String keyword : DECLARATION_KEYWORDS) {
            if (line.contains(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** The indentation of the code at the cursor: its line's, or the nearest non-blank line's above it. */
    private static int cursorIndent(List<String> before) {
        for (int i = before.size() - 1; i >= 0; i--) {
            String line = before.get(i);
            if (!line.isBlank()) {
                return line.length() - line.stripLeading().length();
            }
        }
        return 0;
    }

    /** The declaration from line {@code i} up to its body's opening ({@code {} or a Python {@code :}). */
    private static String head(List<String> lines, int i) {
        StringBuilder head = new StringBuilder();
        for (int j = i; j < Math.min(lines.size(), i + MAX_HEAD_LINES); j++) {
            String line = lines.get(j);
            int brace = line.indexOf('{');
            if (brace >= 0) {
                return head.append(line, 0, brace).toString();
            }
            head.append(line).append(' ');
            if (line.stripTrailing().endsWith(":") && line.contains("class")) {
                break; // Python
            }
        }
        return head.toString();
    }

    private static List<String> supertypes(String head, boolean rustImpl) {
        String text = withoutTypeArguments(head);
        String clause;
        if (rustImpl) {
            int forAt = text.indexOf(" for ");
            clause = forAt < 0 ? "" : text.substring(text.indexOf("impl") + 4, forAt);
        } else {
            boolean python = text.stripTrailing().endsWith(":");
            int ext = python ? text.indexOf('(') : firstOf(text, " extends ", " implements ", " : ");
            if (ext < 0 && !python && text.matches(".*\\w\\s*:\\s*\\w.*")) {
                ext = text.indexOf(':'); // Kotlin, Swift, C#, C++ without spaces around ':'
            }
            clause = ext < 0 ? "" : text.substring(ext);
            int pythonEnd = python ? clause.indexOf(')') : -1;
            if (pythonEnd > 0) {
                clause = clause.substring(0, pythonEnd);
            }
        }
        Set<String> names = new LinkedHashSet<>();
        Matcher m = NAME.matcher(clause);
        while (m.find()) {
            String name = m.group().replaceAll("\\s*(?:\\.|::)\\s*", ".");
            if (!NOT_TYPES.contains(name) && !(m.end() < clause.length() && clause.charAt(m.end()) == '=')) {
                names.add(name);
            }
        }
        return new ArrayList<>(names);
    }

    private static int firstOf(String text, String... markers) {
        int first = -1;
        for (String marker : markers) {
            int at = text.indexOf(marker);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** {@code Map<K, List<V>>} → {@code Map}: type arguments name the supertypes' parameters, not supertypes. */
    private static String withoutTypeArguments(String text) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
