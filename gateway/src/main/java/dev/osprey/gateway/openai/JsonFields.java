package dev.osprey.gateway.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * Typed reads of one JSON object's fields with OpenAI's error messages: a field of the wrong type,
 * a missing required field and a value out of range each raise an {@link ApiException} naming the
 * field by its path ({@code messages[2].content}). JSON null counts as absent. Unknown fields are
 * ignored, as OpenAI-compatible servers do for fields they do not implement.
 */
public final class JsonFields {
    private final JsonNode object;
    private final String path;

    private JsonFields(JsonNode object, String path) {
        this.object = object;
        this.path = path;
    }

    /** The request body, which must be a JSON object. */
    public static JsonFields body(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ApiException.invalidRequest(null, "invalid_type",
                    "The request body must be a JSON object, but got " + describe(node) + ".");
        }
        return new JsonFields(node, "");
    }

    /** A nested object at {@code path} (for the error messages). */
    public static JsonFields object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw ApiException.wrongType(path, "an object", describe(node));
        }
        return new JsonFields(node, path);
    }

    public String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public boolean has(String field) {
        JsonNode v = object.get(field);
        return v != null && !v.isNull();
    }

    public JsonNode raw(String field) {
        JsonNode v = object.get(field);
        return v == null || v.isNull() ? null : v;
    }

    public Optional<String> string(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isString()) {
            throw ApiException.wrongType(path(field), "a string", describe(v));
        }
        return Optional.of(v.stringValue());
    }

    public String requireString(String field) {
        return string(field).orElseThrow(() -> ApiException.missing(path(field)));
    }

    public Optional<Boolean> bool(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw ApiException.wrongType(path(field), "a boolean", describe(v));
        }
        return Optional.of(v.booleanValue());
    }

    public boolean bool(String field, boolean fallback) {
        return bool(field).orElse(fallback);
    }

    /** An integer in {@code [min, max]}. */
    public OptionalInt integer(String field, long min, long max) {
        OptionalLong v = longInteger(field, min, max);
        return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
    }

    /** An integer in {@code [min, max]}; a float with no fraction (2.0) is accepted as OpenAI does. */
    public OptionalLong longInteger(String field, long min, long max) {
        JsonNode v = raw(field);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (!v.isNumber() || !isWhole(v)) {
            throw ApiException.wrongType(path(field), "an integer", describe(v));
        }
        if (!v.canConvertToLong()) {
            throw v.doubleValue() < 0
                    ? ApiException.outOfRange(path(field), "integer below minimum value. Expected a value >= " + min
                            + ", but got " + v.asString() + " instead.")
                    : ApiException.outOfRange(path(field), "integer above maximum value. Expected a value <= " + max
                            + ", but got " + v.asString() + " instead.");
        }
        long value = v.longValue();
        if (value < min) {
            throw ApiException.outOfRange(path(field), "integer below minimum value. Expected a value >= " + min
                    + ", but got " + value + " instead.");
        }
        if (value > max) {
            throw ApiException.outOfRange(path(field), "integer above maximum value. Expected a value <= " + max
                    + ", but got " + value + " instead.");
        }
        return OptionalLong.of(value);
    }

    /** A number in {@code [min, max]}. */
    public OptionalDouble number(String field, double min, double max) {
        JsonNode v = raw(field);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (!v.isNumber()) {
            throw ApiException.wrongType(path(field), "a number", describe(v));
        }
        double value = v.doubleValue();
        if (Double.isNaN(value) || value < min) {
            throw ApiException.outOfRange(path(field), "decimal below minimum value. Expected a value >= "
                    + plain(min) + ", but got " + plain(value) + " instead.");
        }
        if (value > max) {
            throw ApiException.outOfRange(path(field), "decimal above maximum value. Expected a value <= "
                    + plain(max) + ", but got " + plain(value) + " instead.");
        }
        return OptionalDouble.of(value);
    }

    /** A string or an array of strings (OpenAI's {@code stop}); at most {@code maxItems}. */
    public List<String> stringOrStrings(String field, int maxItems) {
        JsonNode v = raw(field);
        if (v == null) {
            return List.of();
        }
        if (v.isString()) {
            return List.of(v.stringValue());
        }
        if (!v.isArray()) {
            throw ApiException.wrongType(path(field), "a string or an array of strings", describe(v));
        }
        if (v.size() > maxItems) {
            throw ApiException.outOfRange(path(field), "array too long. Expected an array with maximum length "
                    + maxItems + ", but got an array with length " + v.size() + " instead.");
        }
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isString()) {
                throw ApiException.wrongType(path(field) + "[" + i + "]", "a string", describe(item));
            }
            out.add(item.stringValue());
        }
        return out;
    }

    /** An array (possibly empty); absent: empty. */
    public List<JsonNode> array(String field) {
        JsonNode v = raw(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiException.wrongType(path(field), "an array", describe(v));
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    /** A nested object field; absent: empty. */
    public Optional<JsonFields> object(String field) {
        JsonNode v = raw(field);
        return v == null ? Optional.empty() : Optional.of(object(v, path(field)));
    }

    static boolean isWhole(JsonNode v) {
        if (v.isIntegralNumber()) {
            return true;
        }
        double d = v.doubleValue();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    /** How OpenAI names a JSON value's type in its messages. */
    public static String describe(JsonNode v) {
        if (v == null || v.getNodeType() == JsonNodeType.MISSING) {
            return "nothing";
        }
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> v.isIntegralNumber() ? "an integer" : "a decimal";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> "a " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
