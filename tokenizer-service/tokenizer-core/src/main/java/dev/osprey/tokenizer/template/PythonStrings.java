package dev.osprey.tokenizer.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Python {@code str} methods as chat templates call them ({@code content.strip()},
 * {@code content.split('</think>')[-1]}), with Python's semantics: whitespace is
 * {@code str.isspace()}, {@code split} takes a literal separator (not a regex) and {@code None}
 * means "whitespace runs". Arguments arrive as jinjava evaluates them: strings, {@code Long}s,
 * lists (for tuple prefixes) or {@code null} for {@code none}.
 */
final class PythonStrings {

    /** The method names {@link #call} implements. */
    static final Set<String> METHODS = Set.of(
            "strip", "lstrip", "rstrip", "startswith", "endswith", "split", "rsplit", "splitlines",
            "upper", "lower", "title", "capitalize", "replace", "find", "count", "join");

    private PythonStrings() {}

    /**
     * Calls {@code s.method(args...)}.
     *
     * @throws TemplateException ({@link TemplateException.Reason#UNSUPPORTED}) for a method outside
     *                           {@link #METHODS}, or ({@link TemplateException.Reason#RENDER}) for
     *                           arguments Python would reject
     */
    static Object call(String s, String method, Object[] args) {
        return switch (method) {
            case "strip" -> strip(s, chars(method, args), true, true);
            case "lstrip" -> strip(s, chars(method, args), true, false);
            case "rstrip" -> strip(s, chars(method, args), false, true);
            case "startswith" -> affix(s, method, args, true);
            case "endswith" -> affix(s, method, args, false);
            case "split" -> split(s, optString(method, args, 0), maxSplit(method, args));
            case "rsplit" -> rsplit(s, optString(method, args, 0), maxSplit(method, args));
            case "splitlines" -> splitlines(s, arity(method, args, 0, 1) == 1 && truthy(args[0]));
            case "upper" -> noArgs(method, args, s.toUpperCase(Locale.ROOT));
            case "lower" -> noArgs(method, args, s.toLowerCase(Locale.ROOT));
            case "title" -> noArgs(method, args, title(s));
            case "capitalize" -> noArgs(method, args, capitalize(s));
            case "replace" -> replace(s, args);
            case "find" -> find(s, args);
            case "count" -> count(s, args);
            case "join" -> join(s, args);
            default -> throw new TemplateException(TemplateException.Reason.UNSUPPORTED,
                    "string method '" + method + "' is not supported (supported: " + String.join(", ", sorted(METHODS)) + ")");
        };
    }

    /** Python's {@code str.isspace()} for one code point. */
    static boolean isSpace(int cp) {
        return switch (cp) {
            case '\t', '\n', 0x0b, 0x0c, '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0, 0x1680,
                 0x2028, 0x2029, 0x202f, 0x205f, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200a;
        };
    }

    /** Python {@code s.strip(chars)}; {@code chars == null} strips whitespace. */
    static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        if (left) {
            while (start < end) {
                int cp = s.codePointAt(start);
                if (!stripped(cp, chars)) {
                    break;
                }
                start += Character.charCount(cp);
            }
        }
        if (right) {
            while (end > start) {
                int cp = s.codePointBefore(end);
                if (!stripped(cp, chars)) {
                    break;
                }
                end -= Character.charCount(cp);
            }
        }
        return s.substring(start, end);
    }

    private static boolean stripped(int cp, String chars) {
        return chars == null ? isSpace(cp) : chars.indexOf(Character.toString(cp)) >= 0;
    }

    private static String chars(String method, Object[] args) {
        return arity(method, args, 0, 1) == 0 ? null : optString(method, args, 0);
    }

    private static boolean affix(String s, String method, Object[] args, boolean prefix) {
        int n = arity(method, args, 1, 3);
        int len = s.length();
        int start = n > 1 && args[1] != null ? clampIndex(toInt(method, args[1]), len) : 0;
        int end = n > 2 && args[2] != null ? clampIndex(toInt(method, args[2]), len) : len;
        if (start > end) {
            return false;
        }
        String region = s.substring(start, end);
        if (args[0] instanceof String one) {
            return prefix ? region.startsWith(one) : region.endsWith(one);
        }
        if (args[0] instanceof Collection<?> options) {
            for (Object option : options) {
                if (!(option instanceof String text)) {
                    throw badArgument(method, "a tuple of strings", option);
                }
                if (prefix ? region.startsWith(text) : region.endsWith(text)) {
                    return true;
                }
            }
            return false;
        }
        throw badArgument(method, "a string or a tuple of strings", args[0]);
    }

    /** Python slice-index clamping of a start/end argument. */
    private static int clampIndex(int index, int len) {
        if (index < 0) {
            return Math.max(0, index + len);
        }
        return Math.min(index, len);
    }

    /** Python {@code s.split(sep, maxsplit)}. */
    static List<String> split(String s, String sep, int maxSplit) {
        List<String> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                if (i >= n) {
                    return parts;
                }
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(s.substring(i)); // the rest keeps its trailing whitespace, as in CPython
                    return parts;
                }
                int j = i;
                while (j < n && !isSpace(s.codePointAt(j))) {
                    j += Character.charCount(s.codePointAt(j));
                }
                parts.add(s.substring(i, j));
                i = j;
            }
        }
        if (sep.isEmpty()) {
            throw new TemplateException(TemplateException.Reason.RENDER, "split(): empty separator");
        }
        int start = 0;
        while (maxSplit < 0 || parts.size() < maxSplit) {
            int at = s.indexOf(sep, start);
            if (at < 0) {
                break;
            }
            parts.add(s.substring(start, at));
            start = at + sep.length();
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** Python {@code s.rsplit(sep, maxsplit)}. */
    static List<String> rsplit(String s, String sep, int maxSplit) {
        if (maxSplit < 0) {
            return split(s, sep, maxSplit);
        }
        List<String> reversed = new ArrayList<>();
        if (sep == null) {
            int j = s.length();
            while (true) {
                while (j > 0 && isSpace(s.codePointBefore(j))) {
                    j -= Character.charCount(s.codePointBefore(j));
                }
                if (j <= 0) {
                    break;
                }
                if (reversed.size() == maxSplit) {
                    reversed.add(s.substring(0, j)); // the rest keeps its leading whitespace
                    break;
                }
                int i = j;
                while (i > 0 && !isSpace(s.codePointBefore(i))) {
                    i -= Character.charCount(s.codePointBefore(i));
                }
                reversed.add(s.substring(i, j));
                j = i;
            }
        } else {
            if (sep.isEmpty()) {
                throw new TemplateException(TemplateException.Reason.RENDER, "rsplit(): empty separator");
            }
            int end = s.length();
            while (reversed.size() < maxSplit) {
                int at = s.lastIndexOf(sep, end - sep.length());
                if (at < 0) {
                    break;
                }
                reversed.add(s.substring(at + sep.length(), end));
                end = at;
            }
            reversed.add(s.substring(0, end));
        }
        return reversed.reversed();
    }

    /** Python {@code s.splitlines(keepends)} over the line boundaries {@code str.splitlines} knows. */
    static List<String> splitlines(String s, boolean keepEnds) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int boundary = switch (c) {
                case '\r' -> i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2 : 1;
                case '\n', 0x0b, 0x0c, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029 -> 1;
                default -> 0;
            };
            if (boundary == 0) {
                i++;
                continue;
            }
            lines.add(s.substring(start, keepEnds ? i + boundary : i));
            i += boundary;
            start = i;
        }
        if (start < s.length()) {
            lines.add(s.substring(start));
        }
        return lines;
    }

    /** Python {@code s.title()}: upper-case a cased character that follows an uncased one. */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            out.appendCodePoint(previousCased ? Character.toLowerCase(cp) : Character.toTitleCase(cp));
            previousCased = Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Python {@code s.capitalize()}: first character title-cased, the rest lower-cased. */
    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(s.substring(Character.charCount(first)).toLowerCase(Locale.ROOT)).toString();
    }

    private static String replace(String s, Object[] args) {
        int n = arity("replace", args, 2, 3);
        String old = string("replace", args[0]);
        String replacement = string("replace", args[1]);
        int count = n == 3 ? toInt("replace", args[2]) : -1;
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int start = 0;
        for (int done = 0; done < count; done++) {
            int at = old.isEmpty() ? (start <= s.length() ? start : -1) : s.indexOf(old, start);
            if (at < 0) {
                break;
            }
            out.append(s, start, at).append(replacement);
            if (old.isEmpty()) {
                if (at < s.length()) {
                    out.append(s.charAt(at));
                }
                start = at + 1;
            } else {
                start = at + old.length();
            }
        }
        if (start <= s.length()) {
            out.append(s.substring(start));
        }
        return out.toString();
    }

    private static long find(String s, Object[] args) {
        arity("find", args, 1, 1);
        return s.indexOf(string("find", args[0]));
    }

    private static long count(String s, Object[] args) {
        arity("count", args, 1, 1);
        String sub = string("count", args[0]);
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1L;
        }
        long count = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            count++;
        }
        return count;
    }

    private static String join(String s, Object[] args) {
        arity("join", args, 1, 1);
        if (!(args[0] instanceof Iterable<?> items)) {
            throw badArgument("join", "an iterable of strings", args[0]);
        }
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object item : items) {
            if (!(item instanceof String text)) {
                throw badArgument("join", "an iterable of strings", item);
            }
            if (!first) {
                out.append(s);
            }
            out.append(text);
            first = false;
        }
        return out.toString();
    }

    private static String noArgs(String method, Object[] args, String result) {
        arity(method, args, 0, 0);
        return result;
    }

    private static int maxSplit(String method, Object[] args) {
        return arity(method, args, 0, 2) == 2 && args[1] != null ? toInt(method, args[1]) : -1;
    }

    private static String optString(String method, Object[] args, int index) {
        if (args.length <= index || args[index] == null) {
            return null;
        }
        return string(method, args[index]);
    }

    private static String string(String method, Object arg) {
        if (arg instanceof String s) {
            return s;
        }
        throw badArgument(method, "a string", arg);
    }

    private static int toInt(String method, Object arg) {
        if (arg instanceof Long || arg instanceof Integer || arg instanceof Short || arg instanceof Byte) {
            return Math.toIntExact(((Number) arg).longValue());
        }
        throw badArgument(method, "an integer", arg);
    }

    private static boolean truthy(Object arg) {
        return arg instanceof Boolean b ? b : arg != null;
    }

    private static int arity(String method, Object[] args, int min, int max) {
        if (args.length < min || args.length > max) {
            throw new TemplateException(TemplateException.Reason.RENDER, "str." + method + "() takes "
                    + (min == max ? String.valueOf(min) : min + " to " + max) + " arguments, got " + args.length);
        }
        return args.length;
    }

    private static TemplateException badArgument(String method, String expected, Object actual) {
        return new TemplateException(TemplateException.Reason.RENDER, "str." + method + "() expects " + expected
                + ", got " + (actual == null ? "none" : actual.getClass().getSimpleName() + " " + actual));
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
