package dev.osprey.tokenizer.template;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(value, ensure_ascii=False, indent=indent, separators=separators,
 * sort_keys=sort_keys)}: the {@code tojson} that Hugging Face installs in its chat-template
 * environment. Compared with a Java JSON library the differences that reach a prompt are the
 * separators ({@code ", "} and {@code ": "} without indent, {@code ","} with it), non-ASCII text
 * left as is, floats in Python's {@code repr} ({@code 1e-05}, {@code 1.0}) and {@code NaN} /
 * {@code Infinity} allowed.
 */
final class PythonJson {

    /**
     * Options as {@code json.dumps} names them. {@code indent == null} writes one line;
     * {@code ensureAscii} writes everything outside printable ASCII as JSON unicode escapes.
     */
    record Options(String indent, String itemSeparator, String keySeparator, boolean sortKeys, boolean ensureAscii) {
        static final Options DEFAULT = new Options(null, ", ", ": ", false, false);
    }

    private PythonJson() {}

    static String dumps(Object value, Options options) {
        StringBuilder out = new StringBuilder();
        write(out, value, options, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, Options options, int depth) {
        switch (value) {
            case null -> out.append("null");
            case String s -> writeString(out, s, options.ensureAscii());
            case Boolean b -> out.append(b ? "true" : "false");
            case Character c -> writeString(out, c.toString(), options.ensureAscii());
            case Long _, Integer _, Short _, Byte _, BigInteger _ -> out.append(value);
            case Double d -> out.append(floatRepr(d));
            case Float f -> out.append(floatRepr(f.doubleValue()));
            case BigDecimal d -> out.append(floatRepr(d.doubleValue()));
            case Map<?, ?> map -> writeMap(out, map, options, depth);
            case Iterable<?> items -> writeList(out, items, options, depth);
            default -> {
                if (value.getClass().isArray()) {
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < Array.getLength(value); i++) {
                        items.add(Array.get(value, i));
                    }
                    writeList(out, items, options, depth);
                } else {
                    throw new TemplateException(TemplateException.Reason.RENDER,
                            "tojson: object of type " + value.getClass().getSimpleName() + " is not JSON serializable");
                }
            }
        }
    }

    private static void writeList(StringBuilder out, Iterable<?> items, Options options, int depth) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            separate(out, options, depth + 1, first);
            write(out, item, options, depth + 1);
            first = false;
        }
        close(out, options, depth, first, ']');
    }

    private static void writeMap(StringBuilder out, Map<?, ?> map, Options options, int depth) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            entries.add(Map.entry(key(e.getKey()), e.getValue() == null ? NULL : e.getValue()));
        }
        if (options.sortKeys()) {
            entries.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : entries) {
            separate(out, options, depth + 1, first);
            writeString(out, e.getKey(), options.ensureAscii());
            out.append(options.keySeparator());
            write(out, e.getValue() == NULL ? null : e.getValue(), options, depth + 1);
            first = false;
        }
        close(out, options, depth, first, '}');
    }

    /** Stands in for a null map value, which {@link Map#entry} refuses. */
    private static final Object NULL = new Object();

    private static void separate(StringBuilder out, Options options, int depth, boolean first) {
        if (!first) {
            out.append(options.itemSeparator());
        }
        if (options.indent() != null) {
            out.append('\n').append(options.indent().repeat(depth));
        }
    }

    private static void close(StringBuilder out, Options options, int depth, boolean empty, char bracket) {
        if (!empty && options.indent() != null) {
            out.append('\n').append(options.indent().repeat(depth));
        }
        out.append(bracket);
    }

    /** JSON object keys as Python converts them: str as is, bool/None/numbers to their JSON text. */
    private static String key(Object key) {
        return switch (key) {
            case null -> "null";
            case String s -> s;
            case Boolean b -> b ? "true" : "false";
            case Double d -> floatRepr(d);
            case Float f -> floatRepr(f.doubleValue());
            case Number n -> n.toString();
            default -> throw new TemplateException(TemplateException.Reason.RENDER,
                    "tojson: keys must be str, int, float, bool or None, not " + key.getClass().getSimpleName());
        };
    }

    private static void writeString(StringBuilder out, String s, boolean ensureAscii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip, positional for decimal
     * exponents -4..15 (always with a fractional part), scientific otherwise with a two-digit
     * minimum exponent ({@code 1e-05}, {@code 1.5e+16}).
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale(); // d = digits[0].digits[1..] x 10^exponent
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format("%02d", Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
}
