package dev.osprey.tokenizer.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Jinja2 template source rewritten so that jinjava parses it as jinja2 would, and what it uses.
 * Everything happens once, at compile time:
 * <ol>
 *   <li>Line endings are normalised as jinja2's lexer does ({@code "\n".join(source.splitlines())}),
 *       which also drops one trailing newline ({@code keep_trailing_newline=False}).
 *   <li>{@code lstrip_blocks} and {@code trim_blocks} are applied with jinja2's rules (see
 *       {@link Scanner}); jinjava's own versions of them stay off.
 *   <li>Inside expressions and tags, where jinjava's grammar differs from jinja2's:
 *       slices {@code x[a:b:c]} become {@code x.__slice__(a, b, c)}, evaluated by
 *       {@link PythonResolver} with Python's rules (jinjava has no step and clamps differently);
 *       a unary {@code not} gets its whole operand in parentheses ({@code not x is defined});
 *       keyword-argument expressions are parenthesised ({@code f(n=xs|length - 1)}); string literals
 *       are re-spelled with only the escapes jinjava knows ({@link #pythonLiteral}); and two
 *       closing braces inside an expression (a nested dict literal) are split so that they cannot
 *       end it.
 *   <li>Tag, filter and test names are collected with their lines, so that {@link ChatTemplate}
 *       rejects unknown ones at compile time as jinja2 does (jinjava would render nothing).
 * </ol>
 * The lexer knows the default delimiters only ({@code {{ }}}, {@code {% %}}, {@code {# #}}), string
 * literals inside them, and {@code {% raw %}} blocks. Text outside code is never changed, and the
 * rewritten source has the same line numbers as the original.
 */
final class JinjaSource {

    /** A tag, filter or test name and the 1-based source line it appears on. */
    record NameUse(String name, int line) {}

    static final String SLICE_METHOD = "__slice__";

    private final String text;
    private final List<NameUse> tags;
    private final List<NameUse> filters;
    private final List<NameUse> tests;

    private JinjaSource(String text, List<NameUse> tags, List<NameUse> filters, List<NameUse> tests) {
        this.text = text;
        this.tags = List.copyOf(tags);
        this.filters = List.copyOf(filters);
        this.tests = List.copyOf(tests);
    }

    /** The source to hand to jinjava. */
    String text() {
        return text;
    }

    /** The statement names ({@code if}, {@code endfor}, ...) of every {@code {% %}} tag. */
    List<NameUse> tags() {
        return tags;
    }

    List<NameUse> filters() {
        return filters;
    }

    List<NameUse> tests() {
        return tests;
    }

    /**
     * @throws TemplateException for an unterminated tag, expression, comment or string literal, or an
     *                           unbalanced bracket, naming the line
     */
    static JinjaSource prepare(String source) {
        String normalized = normalizeNewlines(source);
        Scanner scanner = new Scanner(normalized);
        scanner.run();
        return new JinjaSource(scanner.out.toString(), scanner.tags, scanner.filters, scanner.tests);
    }

    /** jinja2's {@code "\n".join(source.splitlines())}: every Python line boundary becomes "\n". */
    static String normalizeNewlines(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int n = source.length();
        for (int i = 0; i < n; i++) {
            char c = source.charAt(i);
            if (c == '\r') {
                if (i + 1 < n && source.charAt(i + 1) == '\n') {
                    i++;
                }
                out.append('\n');
            } else if (isLineBoundary(c)) {
                out.append('\n');
            } else {
                out.append(c);
            }
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static boolean isLineBoundary(char c) {
        return switch (c) {
            case '\n', '\u000b', '\u000c', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029' -> true;
            default -> false;
        };
    }

    /**
     * Walks text and code regions, copying to {@link #out} with jinja2's {@code lstrip_blocks} and
     * {@code trim_blocks} applied and slices rewritten.
     *
     * <p>jinja2 strips the spaces and tabs before a block or comment tag only when nothing else
     * precedes the tag on its line, and removes the one newline after a block or comment tag;
     * {@code {%+} and {@code +%}} turn either off. jinjava's own options strip whitespace before a
     * tag anywhere on a line, so they stay off and the rules are applied here. The trimmed newline
     * is moved inside the tag ({@code {% if x \n%}}) rather than deleted, so that the line numbers
     * jinjava reports stay those of the original source. {@code -} whitespace control is left to
     * jinjava, which implements it as jinja2 does.
     */
    private static final class Scanner {
        private final String src;
        private final StringBuilder out;
        private final List<NameUse> tags = new ArrayList<>();
        private final List<NameUse> filters = new ArrayList<>();
        private final List<NameUse> tests = new ArrayList<>();
        private int pos;
        private int line = 1;
        /** Whether the text at {@link #pos} starts a line: jinja2 lexer's {@code line_starting}. */
        private boolean lineStarting = true;

        Scanner(String src) {
            this.src = src;
            this.out = new StringBuilder(src.length() + 64);
        }

        void run() {
            while (pos < src.length()) {
                int open = nextOpener(pos);
                if (open < 0) {
                    copyText(src.length(), false);
                    return;
                }
                char kind = src.charAt(open + 1);
                char leftControl = open + 2 < src.length() ? src.charAt(open + 2) : 0;
                copyText(open, kind != '{' && leftControl != '-' && leftControl != '+');
                int startLine = line;
                int bodyStart = open + 2 + (kind != '{' && leftControl == '+' ? 1 : 0);
                String closer = switch (kind) {
                    case '{' -> "}}";
                    case '%' -> "%}";
                    default -> "#}";
                };
                int end = kind == '#' ? commentEnd(open + 2) : codeEnd(open + 2, closer);
                int bodyEnd = end;
                char rightControl = end > open + 2 ? src.charAt(end - 1) : 0;
                if (kind != '{' && rightControl == '+') {
                    bodyEnd--;
                }
                boolean trimNewline = kind != '{' && rightControl != '-' && rightControl != '+'
                        && end + 2 < src.length() && src.charAt(end + 2) == '\n';
                String body = src.substring(bodyStart, Math.max(bodyStart, bodyEnd));
                if (kind != '#' && stripControl(body).isEmpty()) {
                    throw syntax(kind == '{' ? "empty expression '{{ }}'" : "empty tag '{% %}'");
                }
                if (kind == '%') {
                    tags.add(new NameUse(tagName(body), startLine));
                }
                out.append(src, open, open + 2);
                out.append(kind == '#' ? body : rewriteCode(body, startLine));
                if (trimNewline) {
                    out.append('\n');
                }
                out.append(closer);
                countLines(open, end + 2 + (trimNewline ? 1 : 0));
                pos = end + 2 + (trimNewline ? 1 : 0);
                lineStarting = trimNewline;
                if (kind == '%' && isRawTag(body)) {
                    copyRaw();
                }
            }
        }

        private int nextOpener(int from) {
            for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
                char next = src.charAt(i + 1);
                if (next == '{' || next == '%' || next == '#') {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Copies text up to {@code end}; with {@code lstrip}, drops the whitespace between the
         * text's last line start and {@code end} when that is all the line holds.
         */
        private void copyText(int end, boolean lstrip) {
            int keep = end;
            if (lstrip) {
                int lineStart = src.lastIndexOf('\n', end - 1) + 1;
                if (lineStart < pos) {
                    lineStart = pos;
                }
                if ((lineStart > pos || lineStarting) && lineStart < end && isBlank(lineStart, end)) {
                    keep = lineStart;
                }
            }
            countLines(pos, end);
            out.append(src, pos, keep);
            pos = end;
        }

        private boolean isBlank(int from, int to) {
            for (int i = from; i < to; i++) {
                if (!PythonStrings.isSpace(src.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private void countLines(int from, int to) {
            for (int i = from; i < to; i++) {
                if (src.charAt(i) == '\n') {
                    line++;
                }
            }
        }

        private int commentEnd(int from) {
            int close = src.indexOf("#}", from);
            if (close < 0) {
                throw syntax("unterminated comment '{#'");
            }
            return close;
        }

        /**
         * Index of {@code closer} ending the code that starts at {@code from}: outside string literals
         * and outside brackets, as jinja2's lexer balances them ({@code {{ {'a': {'b': 1}} }}}).
         */
        private int codeEnd(int from, String closer) {
            int i = from;
            int depth = 0;
            while (i < src.length()) {
                char c = src.charAt(i);
                if (c == '\'' || c == '"') {
                    i = stringEnd(src, i, line);
                    continue;
                }
                if (depth == 0 && src.startsWith(closer, i)) {
                    return i;
                }
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                    depth--;
                }
                i++;
            }
            throw syntax("unterminated '" + (closer.equals("}}") ? "{{" : "{%") + "'");
        }

        /** The statement name: the first word after any whitespace-control sign. */
        private static String tagName(String body) {
            String s = stripControl(body);
            int end = 0;
            while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                end++;
            }
            return s.substring(0, end);
        }

        private static boolean isRawTag(String body) {
            return stripControl(body).equals("raw");
        }

        private static String stripControl(String body) {
            String s = body;
            if (s.startsWith("-") || s.startsWith("+")) {
                s = s.substring(1);
            }
            if (s.endsWith("-") || s.endsWith("+")) {
                s = s.substring(0, s.length() - 1);
            }
            return s.strip();
        }

        /** Copies the body of a raw block verbatim, up to (not including) its {@code {% endraw %}}. */
        private void copyRaw() {
            int search = pos;
            while (true) {
                int open = src.indexOf("{%", search);
                if (open < 0) {
                    throw syntax("'{% raw %}' without '{% endraw %}'");
                }
                int close = src.indexOf("%}", open + 2);
                if (close < 0) {
                    throw syntax("unterminated '{%'");
                }
                if (stripControl(src.substring(open + 2, close)).equals("endraw")) {
                    char control = src.charAt(open + 2);
                    copyText(open, control != '-' && control != '+');
                    return;
                }
                search = open + 2;
            }
        }

        /** Rewrites the code between the delimiters, leaving a leading or trailing {@code -} in place. */
        private String rewriteCode(String body, int startLine) {
            int from = body.startsWith("-") ? 1 : 0;
            int to = body.length() > from && body.endsWith("-") ? body.length() - 1 : body.length();
            CodeRewriter rewriter = new CodeRewriter(body, startLine, filters, tests);
            return body.substring(0, from) + rewriter.rewrite(from, to) + body.substring(to);
        }

        private TemplateException syntax(String message) {
            return new TemplateException(TemplateException.Reason.SYNTAX, "line " + line + ": " + message);
        }
    }

    /** Index just past the string literal that opens at {@code start}; backslash escapes one character. */
    static int stringEnd(String code, int start, int line) {
        char quote = code.charAt(start);
        int i = start + 1;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new TemplateException(TemplateException.Reason.SYNTAX,
                "line " + line + ": unterminated string literal " + code.substring(start, Math.min(code.length(), start + 20)));
    }

    /**
     * A Python string literal (with its quotes) re-spelled for jinjava's lexer, which knows only the
     * escapes {@code \\ \' \" \n \t \b \f \r}. jinja2 decodes literals with Python's
     * {@code unicode-escape} codec, so the others ({@code \a \v \x.. \\u.... \U........},
     * octal, backslash-newline) become the characters they stand for, and an unknown escape such as
     * {@code \d} keeps its backslash.
     */
    static String pythonLiteral(String literal, int line) {
        if (literal.indexOf('\\') < 0) {
            return literal;
        }
        char quote = literal.charAt(0);
        StringBuilder out = new StringBuilder(literal.length());
        out.append(quote);
        int end = literal.length() - 1;
        int i = 1;
        while (i < end) {
            char c = literal.charAt(i);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            char e = literal.charAt(i + 1);
            switch (e) {
                case '\\', '\'', '"', 'n', 't', 'b', 'f', 'r' -> {
                    out.append('\\').append(e);
                    i += 2;
                }
                case '\n' -> i += 2;
                case 'a' -> { appendChar(out, 0x07, quote); i += 2; }
                case 'v' -> { appendChar(out, 0x0b, quote); i += 2; }
                case 'x' -> i = appendHex(out, literal, i, 2, end, quote, line);
                case 'u' -> i = appendHex(out, literal, i, 4, end, quote, line);
                case 'U' -> i = appendHex(out, literal, i, 8, end, quote, line);
                default -> {
                    if (e >= '0' && e <= '7') {
                        int j = i + 1;
                        int value = 0;
                        while (j < end && j < i + 4 && literal.charAt(j) >= '0' && literal.charAt(j) <= '7') {
                            value = value * 8 + (literal.charAt(j) - '0');
                            j++;
                        }
                        appendChar(out, value, quote);
                        i = j;
                    } else if (e == 'N') {
                        throw new TemplateException(TemplateException.Reason.UNSUPPORTED,
                                "line " + line + ": \\N{...} escapes are not supported in " + literal);
                    } else {
                        out.append("\\\\");
                        i++;
                    }
                }
            }
        }
        return out.append(quote).toString();
    }

    private static int appendHex(StringBuilder out, String literal, int at, int digits, int end, char quote, int line) {
        int from = at + 2;
        if (from + digits > end) {
            throw new TemplateException(TemplateException.Reason.SYNTAX, "line " + line + ": truncated escape in " + literal);
        }
        int value;
        try {
            value = Integer.parseUnsignedInt(literal.substring(from, from + digits), 16);
        } catch (NumberFormatException e) {
            throw new TemplateException(TemplateException.Reason.SYNTAX, "line " + line + ": bad escape in " + literal);
        }
        if (!Character.isValidCodePoint(value)) {
            throw new TemplateException(TemplateException.Reason.SYNTAX, "line " + line + ": bad escape in " + literal);
        }
        appendChar(out, value, quote);
        return from + digits;
    }

    /** One decoded character inside a jinjava literal delimited by {@code quote}. */
    private static void appendChar(StringBuilder out, int cp, char quote) {
        switch (cp) {
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (cp == quote) {
                    out.append('\\');
                }
                out.appendCodePoint(cp);
            }
        }
    }

    /** Rewrites slices and records filter and test names inside one expression or statement. */
    private static final class CodeRewriter {
        private final String code;
        private final int startLine;
        private final List<NameUse> filters;
        private final List<NameUse> tests;

        CodeRewriter(String code, int startLine, List<NameUse> filters, List<NameUse> tests) {
            this.code = code;
            this.startLine = startLine;
            this.filters = filters;
            this.tests = tests;
        }

        private int lineAt(int index) {
            int l = startLine;
            for (int i = 0; i < index; i++) {
                if (code.charAt(i) == '\n') {
                    l++;
                }
            }
            return l;
        }

        String rewrite(int from, int to) {
            StringBuilder out = new StringBuilder(to - from);
            int i = from;
            while (i < to) {
                char c = code.charAt(i);
                if (c == '\'' || c == '"') {
                    int end = stringEnd(code, i, lineAt(i));
                    out.append(pythonLiteral(code.substring(i, end), lineAt(i)));
                    i = end;
                } else if (c == '}' && i + 1 < to && code.charAt(i + 1) == '}') {
                    // jinjava's scanner would end the expression at a nested "}}": keep them apart.
                    out.append("} ");
                    i++;
                } else if (c == '|') {
                    out.append(c);
                    i++;
                    int nameStart = skipSpaces(i, to);
                    int nameEnd = identifierEnd(nameStart, to);
                    if (nameEnd > nameStart) {
                        filters.add(new NameUse(code.substring(nameStart, nameEnd), lineAt(nameStart)));
                    }
                } else if (isIdentifierStart(c)) {
                    int end = identifierEnd(i, to);
                    String word = code.substring(i, end);
                    if (word.equals("not") && isUnaryNot(i, end, to)) {
                        int spanEnd = notOperandEnd(end, to);
                        out.append("not (").append(rewrite(end, spanEnd)).append(')');
                        i = spanEnd;
                        continue;
                    }
                    out.append(word);
                    i = end;
                    if (word.equals("is")) {
                        recordTest(i, to);
                    }
                } else if (Character.isDigit(c)) {
                    int end = i;
                    while (end < to && (Character.isLetterOrDigit(code.charAt(end)) || code.charAt(end) == '.')) {
                        end++;
                    }
                    out.append(code, i, end);
                    i = end;
                } else if (c == '(') {
                    int close = matching(i, to);
                    out.append('(').append(arguments(i + 1, close)).append(')');
                    i = close + 1;
                } else if (c == '[') {
                    int close = matching(i, to);
                    List<Integer> colons = topLevel(i + 1, close, ':');
                    if (colons.isEmpty()) {
                        out.append('[').append(rewrite(i + 1, close)).append(']');
                    } else if (colons.size() <= 2) {
                        out.append(sliceCall(i + 1, close, colons));
                    } else {
                        throw new TemplateException(TemplateException.Reason.SYNTAX,
                                "line " + lineAt(i) + ": invalid slice " + code.substring(i, close + 1));
                    }
                    i = close + 1;
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }

        /**
         * Whether the {@code not} at {@code [start, end)} is the unary operator, not part of
         * {@code is not} or {@code not in}.
         */
        private boolean isUnaryNot(int start, int end, int to) {
            String previous = previousWord(start);
            if (previous.equals("is")) {
                return false;
            }
            int next = skipSpaces(end, to);
            return !code.substring(next, identifierEnd(next, to)).equals("in");
        }

        private String previousWord(int before) {
            int j = before - 1;
            while (j >= 0 && Character.isWhitespace(code.charAt(j))) {
                j--;
            }
            int wordEnd = j + 1;
            while (j >= 0 && isIdentifierPart(code.charAt(j))) {
                j--;
            }
            return code.substring(j + 1, wordEnd);
        }

        /**
         * Where the operand of a unary {@code not} ends. In jinja2 {@code not} binds looser than
         * comparisons and tests ({@code not x is defined} is {@code not (x is defined)}) but tighter
         * than {@code and}/{@code or}; jinjava binds it to the next value only, so the operand is made
         * explicit: it runs to the next top-level {@code and}, {@code or}, {@code if}, {@code else},
         * comma, colon or closing bracket.
         */
        private int notOperandEnd(int from, int to) {
            int depth = 0;
            int i = from;
            while (i < to) {
                char c = code.charAt(i);
                if (c == '\'' || c == '"') {
                    i = stringEnd(code, i, lineAt(i));
                    continue;
                }
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    if (depth == 0) {
                        return i;
                    }
                    depth--;
                } else if (depth == 0 && (c == ',' || c == ':')) {
                    return i;
                } else if (depth == 0 && isIdentifierStart(c)) {
                    int end = identifierEnd(i, to);
                    String word = code.substring(i, end);
                    if (word.equals("and") || word.equals("or") || word.equals("if") || word.equals("else")) {
                        return i;
                    }
                    i = end;
                    continue;
                }
                i++;
            }
            return to;
        }

        private void recordTest(int afterIs, int to) {
            int j = skipSpaces(afterIs, to);
            int end = identifierEnd(j, to);
            if (end > j && code.substring(j, end).equals("not")) {
                j = skipSpaces(end, to);
                end = identifierEnd(j, to);
            }
            if (end > j) {
                tests.add(new NameUse(code.substring(j, end), lineAt(j)));
            }
        }

        /**
         * The inside of a parenthesised group with each keyword argument whose value is an
         * expression wrapped in parentheses: jinjava binds {@code =} tighter than operators and
         * filters, so {@code f(n=items|length - 1)} would pass {@code n=items} to {@code |length}.
         */
        private String arguments(int from, int close) {
            StringBuilder out = new StringBuilder();
            int start = from;
            for (int comma : topLevel(from, close, ',')) {
                out.append(argument(start, comma)).append(',');
                start = comma + 1;
            }
            return out.append(argument(start, close)).toString();
        }

        private String argument(int from, int to) {
            int nameStart = skipSpaces(from, to);
            int nameEnd = identifierEnd(nameStart, to);
            int eq = skipSpaces(nameEnd, to);
            boolean keyword = nameEnd > nameStart && eq < to && code.charAt(eq) == '='
                    && (eq + 1 == to || code.charAt(eq + 1) != '=');
            if (!keyword) {
                return rewrite(from, to);
            }
            String value = rewrite(eq + 1, to);
            boolean simple = SIMPLE_VALUE.matcher(value.strip()).matches();
            return code.substring(from, eq + 1) + (simple ? value : "(" + value.strip() + ")");
        }

        private static final Pattern SIMPLE_VALUE =
                Pattern.compile("[\\w.]+|'[^'\\\\]*'|\"[^\"\\\\]*\"");

        private List<Integer> topLevel(int from, int to, char separator) {
            List<Integer> found = new ArrayList<>();
            int depth = 0;
            int i = from;
            while (i < to) {
                char c = code.charAt(i);
                if (c == '\'' || c == '"') {
                    i = stringEnd(code, i, lineAt(i));
                    continue;
                }
                if (c == '[' || c == '(' || c == '{') {
                    depth++;
                } else if (c == ']' || c == ')' || c == '}') {
                    depth--;
                } else if (c == separator && depth == 0) {
                    found.add(i);
                }
                i++;
            }
            return found;
        }

        private String sliceCall(int from, int close, List<Integer> colons) {
            List<String> parts = new ArrayList<>(3);
            int start = from;
            for (int colon : colons) {
                parts.add(code.substring(start, colon));
                start = colon + 1;
            }
            parts.add(code.substring(start, close));
            while (parts.size() < 3) {
                parts.add("");
            }
            StringBuilder call = new StringBuilder("." + SLICE_METHOD + "(");
            int offset = from;
            for (int p = 0; p < 3; p++) {
                String part = parts.get(p);
                if (p > 0) {
                    call.append(", ");
                }
                call.append(part.isBlank() ? "none" : rewrite(offset, offset + part.length()).strip());
                offset += part.length() + 1;
            }
            return call.append(')').toString();
        }

        /** Index of the bracket closing the one at {@code open}. */
        private int matching(int open, int to) {
            char opener = code.charAt(open);
            char closer = opener == '(' ? ')' : opener == '[' ? ']' : '}';
            int depth = 0;
            int i = open;
            while (i < to) {
                char c = code.charAt(i);
                if (c == '\'' || c == '"') {
                    i = stringEnd(code, i, lineAt(i));
                    continue;
                }
                if (c == '[' || c == '(' || c == '{') {
                    depth++;
                } else if (c == ']' || c == ')' || c == '}') {
                    depth--;
                    if (depth == 0) {
                        if (c != closer) {
                            break;
                        }
                        return i;
                    }
                }
                i++;
            }
            throw new TemplateException(TemplateException.Reason.SYNTAX,
                    "line " + lineAt(open) + ": unbalanced '" + opener + "' in " + code.strip());
        }


        private int skipSpaces(int i, int to) {
            while (i < to && Character.isWhitespace(code.charAt(i))) {
                i++;
            }
            return i;
        }

        private int identifierEnd(int i, int to) {
            if (i >= to || !isIdentifierStart(code.charAt(i))) {
                return i;
            }
            int end = i + 1;
            while (end < to && isIdentifierPart(code.charAt(end))) {
                end++;
            }
            return end;
        }

        private static boolean isIdentifierStart(char c) {
            return Character.isLetter(c) || c == '_';
        }

        private static boolean isIdentifierPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }
    }
}
