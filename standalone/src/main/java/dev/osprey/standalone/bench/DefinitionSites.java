package dev.osprey.standalone.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark cases in the style of CrossCodeEval, with ground truth that owes nothing to Osprey's own parser:
 * definitions are found by per-language regular expressions (Python {@code def}/{@code class}; Java types and
 * methods with a modifier; TypeScript functions, classes, interfaces, types, enums and variables), and their extent
 * by indentation (Python) or braces. A target is a definition that a use can name without knowing an object's type:
 * a Python or TypeScript top-level definition, a Java type or static method; its name must be defined (at any level)
 * in exactly one file. A case is a line of another file that uses the name: the cursor is at the start of that line,
 * the line is the middle to fill, and the target is the definition.
 */
final class DefinitionSites {
    /** The definitions' languages. */
    enum Language { PYTHON, JAVA, TYPESCRIPT }

    private static final Pattern PYTHON = Pattern.compile("^(\\s*)(?:async\\s+)?(?:def|class)\\s+([A-Za-z_]\\w*)");
    private static final Pattern JAVA_TYPE = Pattern.compile("^\\s*(?:(?:public|protected|private|static|final|abstract"
            + "|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s+([A-Za-z_]\\w*)");
    private static final Pattern JAVA_METHOD = Pattern.compile("^\\s*(?:(?:public|protected|private|static|final|abstract"
            + "|synchronized|native|default)\\s+)+(?:<[^>]+>\\s+)?[\\w.<>\\[\\]?, ]+?\\s+([A-Za-z_]\\w*)\\s*\\(");
    private static final Pattern TYPESCRIPT = Pattern.compile("^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?"
            + "(?:abstract\\s+)?(?:async\\s+)?(?:function\\*?|class|interface|type|enum|const|let|var)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern JAVA_STATIC = Pattern.compile("\\bstatic\\b[^=(]*\\(");
    private static final Pattern NOT_CODE = Pattern.compile("^\\s*(?:#|//|/\\*|\\*|import\\b|from\\s+\\S+\\s+import\\b"
            + "|package\\b|export\\s+\\*|export\\s+(?:type\\s+)?\\{)");
    /** Names too short to be a fair target. */
    private static final int MIN_NAME = 4;

    /**
     * A definition: {@code name} on lines {@code line..endLine} (1-based) of {@code path}; {@code target} when a use
     * can name it without knowing an object's type.
     */
    record Definition(String path, String name, int line, int endLine, boolean target) {
    }

    /** The lines (1-based) of {@code path} on which {@code name} is defined: overloads and redeclarations too. */
    static List<Integer> definitionLines(String path, String text, String name) {
        return definitions(Map.of(path, text)).stream().filter(d -> d.name().equals(name)).map(Definition::line)
                .toList();
    }

    /**
     * @param path          the file being completed
     * @param line          the line to fill (1-based); the cursor is at its start
     * @param nameInRequest whether the target's name appears in the prefix or the suffix
     */
    record Case(String path, int line, String prefix, String suffix, Definition target, boolean nameInRequest) {
    }

    private DefinitionSites() {
    }

    static Language languageOf(String path) {
        if (path.endsWith(".py")) {
            return Language.PYTHON;
        }
        if (path.endsWith(".java")) {
            return Language.JAVA;
        }
        if (path.endsWith(".ts") && !path.endsWith(".d.ts")) {
            return Language.TYPESCRIPT;
        }
        return null;
    }

    /** Every definition in {@code files} (path → text). */
    static List<Definition> definitions(Map<String, String> files) {
        List<Definition> out = new ArrayList<>();
        for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
            Language language = languageOf(file.getKey());
            if (language == null) {
                continue;
            }
            String[] lines = file.getValue().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                for (Pattern p : patterns(language)) {
                    Matcher m = p.matcher(lines[i]);
                    if (m.find()) {
                        String name = m.group(m.groupCount());
                        boolean target = switch (language) {
                            case PYTHON, TYPESCRIPT -> !Character.isWhitespace(lines[i].isEmpty() ? 'x' : lines[i].charAt(0));
                            case JAVA -> p == JAVA_TYPE || JAVA_STATIC.matcher(lines[i]).find();
                        };
                        out.add(new Definition(file.getKey(), name, i + 1, end(language, lines, i), target));
                        break;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Up to {@code max} cases, one per name, at most two per completed file, drawn with {@code seed}: lines that use a
     * name (of {@value #MIN_NAME}+ characters) defined in exactly one other file, neither comments nor imports nor
     * definitions themselves.
     */
    static List<Case> cases(Map<String, String> files, int max, long seed) {
        return draw(files, max, seed).cases();
    }

    /**
     * @param cases   the cases drawn
     * @param leftOut sites passed over because the using file binds the name itself ({@link #boundElsewhere})
     */
    record Drawn(List<Case> cases, int leftOut) {
    }

    /** {@link #cases}, counting the sites left out as not cross-file. */
    static Drawn draw(Map<String, String> files, int max, long seed) {
        List<Definition> definitions = definitions(files);
        Map<String, Set<String>> definingFiles = new HashMap<>();
        Map<String, Definition> byName = new HashMap<>();
        Set<String> definitionLines = new HashSet<>();
        for (Definition d : definitions) {
            definingFiles.computeIfAbsent(d.name(), n -> new HashSet<>()).add(d.path());
            byName.putIfAbsent(d.name(), d);
            definitionLines.add(d.path() + ":" + d.line());
        }
        Map<String, Definition> unique = new HashMap<>();
        definingFiles.forEach((name, paths) -> {
            if (paths.size() == 1 && name.length() >= MIN_NAME && byName.get(name).target()) {
                unique.put(name, byName.get(name));
            }
        });
        Pattern word = Pattern.compile("[A-Za-z_$][\\w$]*");
        List<String[]> sites = new ArrayList<>(); // {path, line, name}
        for (Map.Entry<String, String> file : new TreeMap<>(files).entrySet()) {
            if (languageOf(file.getKey()) == null) {
                continue;
            }
            String[] lines = file.getValue().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (NOT_CODE.matcher(lines[i]).find() || definitionLines.contains(file.getKey() + ":" + (i + 1))) {
                    continue;
                }
                Matcher m = word.matcher(lines[i]);
                Set<String> seen = new HashSet<>();
                while (m.find()) {
                    Definition d = unique.get(m.group());
                    if (d != null && !d.path().equals(file.getKey()) && seen.add(m.group())) {
                        sites.add(new String[] {file.getKey(), Integer.toString(i + 1), m.group()});
                    }
                }
            }
        }
        Collections.shuffle(sites, new Random(seed));
        Set<String> usedNames = new HashSet<>();
        Map<String, Integer> perFile = new LinkedHashMap<>();
        List<Case> out = new ArrayList<>();
        int leftOut = 0;
        for (String[] site : sites) {
            if (out.size() == max) {
                break;
            }
            if (usedNames.contains(site[2]) || perFile.getOrDefault(site[0], 0) >= 2) {
                continue;
            }
            if (boundElsewhere(files.get(site[0]), site[2], unique.get(site[2]).path())) {
                leftOut++;
                if (Boolean.getBoolean("bench.verbose")) {
                    System.err.println("LEFT OUT " + site[0] + ":" + site[1] + " " + site[2] + " (bound in the file)");
                }
                continue;
            }
            usedNames.add(site[2]);
            perFile.merge(site[0], 1, Integer::sum);
            String[] lines = files.get(site[0]).split("\n", -1);
            int line = Integer.parseInt(site[1]);
            String prefix = String.join("\n", java.util.Arrays.asList(lines).subList(0, line - 1))
                    + (line > 1 ? "\n" : "");
            String suffix = "\n" + String.join("\n", java.util.Arrays.asList(lines).subList(line, lines.length));
            boolean inRequest = Pattern.compile("\\b" + Pattern.quote(site[2]) + "\\b").matcher(prefix + suffix).find();
            out.add(new Case(site[0], line, prefix, suffix, unique.get(site[2]), inRequest));
        }
        return new Drawn(out, leftOut);
    }

    /** Words before a name that make a statement of it, not a declaration. */
    private static final Set<String> NOT_TYPES = Set.of("return", "throw", "new", "case", "else", "yield", "await",
            "assert", "in", "of", "typeof", "instanceof", "import", "export", "extends", "implements", "default");
    private static final Pattern IMPORT_FROM = Pattern.compile(
            "^\\s*(?:import\\s+(?:static\\s+)?([\\w.]+)\\s*;|from\\s+(\\S+)\\s+import\\b.*|import\\b.*\\bfrom\\s+['\"]([^'\"]+)['\"].*)$");

    /**
     * Whether the using file binds {@code name} itself, so that a use of it need not be the target: a local
     * declaration, assignment, parameter or loop variable on a line of code (comments are not read), or an import of
     * the name from a module that is not the target's file ({@code import java.util.function.Supplier;} where the
     * target is another {@code Supplier}). Such a site is not a cross-file case, whatever a retriever does.
     */
    static boolean boundElsewhere(String text, String name, String targetPath) {
        String n = Pattern.quote(name);
        boolean python = targetPath.endsWith(".py");
        Pattern binding = Pattern.compile("\\b(?:const|let|var|val)\\s+" + n + "\\b|\\b" + n + "\\s*=(?!=)"
                + (python ? "|\\bfor\\s+" + n + "\\s+in\\b|\\bas\\s+" + n + "\\b|\\bdef\\s+\\w+\\s*\\((?:[^)]*,)?\\s*\\**" + n
                        + "\\s*[:=,)]" : ""));
        Pattern declared = Pattern.compile("([\\w>\\]]+)\\s+" + n + "\\s*[=;,):]");
        for (String line : text.split("\n", -1)) {
            if (!line.contains(name) || NOT_CODE.matcher(line).find()) {
                continue; // comments and imports (imports are checked below)
            }
            if (binding.matcher(line).find()) {
                return true;
            }
            Matcher m = declared.matcher(line);
            while (!python && m.find()) { // a typed declaration: Java, TypeScript, C-like
                if (!NOT_TYPES.contains(m.group(1)) && !m.group(1).equals(name)) {
                    return true;
                }
            }
        }
        String target = targetPath.replaceFirst("\\.[A-Za-z]+$", "");
        for (String line : text.split("\n", -1)) {
            Matcher m = IMPORT_FROM.matcher(line);
            if (!m.find() || !Pattern.compile("\\b" + n + "\\b").matcher(line).find()) {
                continue;
            }
            boolean same;
            if (m.group(1) != null) { // Java: the type itself, or the class a static import takes the name from
                String full = m.group(1).replace('.', '/');
                same = target.endsWith(full) || target.endsWith(full.substring(0, Math.max(0, full.lastIndexOf('/'))));
            } else {
                String module = m.group(2) != null ? m.group(2).replaceFirst("^\\.+", "").replace('.', '/')
                        : m.group(3).replaceFirst("^(?:\\.\\.?/)+", "");
                String last = module.substring(module.lastIndexOf('/') + 1);
                same = target.endsWith(module) || target.endsWith("/" + last) || target.endsWith("/" + last + "/index")
                        || target.endsWith("/" + last + "/__init__") || target.equals(last);
            }
            if (!same) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> patterns(Language language) {
        return switch (language) {
            case PYTHON -> List.of(PYTHON);
            case JAVA -> List.of(JAVA_TYPE, JAVA_METHOD);
            case TYPESCRIPT -> List.of(TYPESCRIPT);
        };
    }

    /** The last line (1-based) of the definition starting on line {@code start} (0-based). */
    private static int end(Language language, String[] lines, int start) {
        if (language == Language.PYTHON) {
            int indent = indent(lines[start]);
            int last = start;
            for (int i = start + 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                if (indent(lines[i]) <= indent) {
                    break;
                }
                last = i;
            }
            return last + 1;
        }
        int depth = 0;
        boolean opened = false;
        for (int i = start; i < lines.length; i++) {
            for (char c : lines[i].toCharArray()) {
                if (c == '{') {
                    depth++;
                    opened = true;
                } else if (c == '}') {
                    depth--;
                } else if (c == ';' && !opened && depth == 0) {
                    return i + 1;
                }
            }
            if (opened && depth <= 0) {
                return i + 1;
            }
        }
        return start + 1;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && Character.isWhitespace(line.charAt(n))) {
            n++;
        }
        return n;
    }
}
