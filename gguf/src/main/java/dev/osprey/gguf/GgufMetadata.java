package dev.osprey.gguf;

import dev.osprey.gguf.GgufArray.ScalarArray;
import dev.osprey.gguf.GgufArray.StringArray;
import dev.osprey.gguf.GgufValue.BoolValue;
import dev.osprey.gguf.GgufValue.FloatValue;
import dev.osprey.gguf.GgufValue.IntValue;
import dev.osprey.gguf.GgufValue.StringValue;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SequencedMap;
import java.util.SequencedSet;

/**
 * The key-value metadata of a GGUF file, in file order; immutable and independent of the file it
 * was read from (it stays usable after {@link GgufFile#close()}).
 *
 * <p>Typed getters ({@code getX}) throw {@link GgufMetadataException} when the key is absent, when
 * the value has another type, or when a number does not fit the Java type asked for; the message
 * names the file, the key and the expected and actual types. Their {@code findX} twins return empty
 * only when the key is absent and throw the same exception for a value of the wrong type.
 */
public final class GgufMetadata {

    private final String source;
    private final SequencedMap<String, GgufValue> entries;

    /** Takes ownership of {@code entries}. */
    GgufMetadata(String source, LinkedHashMap<String, GgufValue> entries) {
        this.source = source;
        this.entries = Collections.unmodifiableSequencedMap(entries);
    }

    /** Metadata holding {@code entries} in their iteration order, e.g. to build expectations in tests. */
    public static GgufMetadata of(Map<String, ? extends GgufValue> entries) {
        LinkedHashMap<String, GgufValue> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
        return new GgufMetadata("<in-memory metadata>", copy);
    }

    public int size() {
        return entries.size();
    }

    /** Keys in file order. */
    public SequencedSet<String> keys() {
        return entries.sequencedKeySet();
    }

    /** All entries in file order, unmodifiable. */
    public SequencedMap<String, GgufValue> asMap() {
        return entries;
    }

    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    /** The value of {@code key}, of whatever type. */
    public Optional<GgufValue> find(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** The value of {@code key}, of whatever type; throws {@link GgufMetadataException} if absent. */
    public GgufValue get(String key) {
        GgufValue v = entries.get(key);
        if (v == null) {
            throw new GgufMetadataException(key, source + ": metadata key '" + key + "' is missing");
        }
        return v;
    }

    /** A STRING. */
    public String getString(String key) {
        return string(key, get(key));
    }

    public Optional<String> findString(String key) {
        GgufValue v = entries.get(key);
        return v == null ? Optional.empty() : Optional.of(string(key, v));
    }

    /** Any integer type; a UINT64 must be below 2^63. */
    public long getLong(String key) {
        return integer(key, get(key));
    }

    public OptionalLong findLong(String key) {
        GgufValue v = entries.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(integer(key, v));
    }

    /** Any integer type whose value fits in an int (so a UINT32 of 2^31 or more is refused). */
    public int getInt(String key) {
        return toInt(key, get(key));
    }

    public OptionalInt findInt(String key) {
        GgufValue v = entries.get(key);
        return v == null ? OptionalInt.empty() : OptionalInt.of(toInt(key, v));
    }

    /** A FLOAT32, or a FLOAT64 narrowed to float. */
    public float getFloat(String key) {
        return (float) floating(key, get(key));
    }

    public Optional<Float> findFloat(String key) {
        GgufValue v = entries.get(key);
        return v == null ? Optional.empty() : Optional.of((float) floating(key, v));
    }

    /** A FLOAT32 or FLOAT64. */
    public double getDouble(String key) {
        return floating(key, get(key));
    }

    public OptionalDouble findDouble(String key) {
        GgufValue v = entries.get(key);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(floating(key, v));
    }

    /** A BOOL. */
    public boolean getBoolean(String key) {
        return bool(key, get(key));
    }

    public Optional<Boolean> findBoolean(String key) {
        GgufValue v = entries.get(key);
        return v == null ? Optional.empty() : Optional.of(bool(key, v));
    }

    /** An ARRAY of any element type. */
    public GgufArray getArray(String key) {
        return array(key, get(key));
    }

    public Optional<GgufArray> findArray(String key) {
        GgufValue v = entries.get(key);
        return v == null ? Optional.empty() : Optional.of(array(key, v));
    }

    /** An ARRAY of STRING, unmodifiable. */
    public List<String> getStringArray(String key) {
        return stringArray(key, get(key));
    }

    public Optional<List<String>> findStringArray(String key) {
        GgufValue v = entries.get(key);
        return v == null ? Optional.empty() : Optional.of(stringArray(key, v));
    }

    /** An ARRAY of FLOAT32 (or FLOAT64, narrowed); a fresh array. */
    public float[] getFloatArray(String key) {
        return floatArray(key, get(key));
    }

    public Optional<float[]> findFloatArray(String key) {
        GgufValue v = entries.get(key);
        return v == null ? Optional.empty() : Optional.of(floatArray(key, v));
    }

    /** An ARRAY of any integer type whose every element fits in an int; a fresh array. */
    public int[] getIntArray(String key) {
        return intArray(key, get(key));
    }

    public Optional<int[]> findIntArray(String key) {
        GgufValue v = entries.get(key);
        return v == null ? Optional.empty() : Optional.of(intArray(key, v));
    }

    /** An ARRAY of any integer type (UINT64 elements as raw bits); a fresh array. */
    public long[] getLongArray(String key) {
        return longArray(key, get(key));
    }

    public Optional<long[]> findLongArray(String key) {
        GgufValue v = entries.get(key);
        return v == null ? Optional.empty() : Optional.of(longArray(key, v));
    }

    private String string(String key, GgufValue v) {
        if (v instanceof StringValue(String s)) {
            return s;
        }
        throw mismatch(key, v, "STRING");
    }

    private long integer(String key, GgufValue v) {
        if (v instanceof IntValue(GgufType type, long n)) {
            if (type == GgufType.UINT64 && n < 0) {
                throw new GgufMetadataException(key, source + ": metadata key '" + key + "' is UINT64 "
                        + Long.toUnsignedString(n) + ", which does not fit in a long");
            }
            return n;
        }
        throw mismatch(key, v, "an integer type");
    }

    private int toInt(String key, GgufValue v) {
        long n = integer(key, v);
        if (n != (int) n) {
            throw new GgufMetadataException(key, source + ": metadata key '" + key + "' is " + v.type()
                    + " " + n + ", which does not fit in an int");
        }
        return (int) n;
    }

    private double floating(String key, GgufValue v) {
        if (v instanceof FloatValue(GgufType type, double d)) {
            return d;
        }
        throw mismatch(key, v, "FLOAT32 or FLOAT64");
    }

    private boolean bool(String key, GgufValue v) {
        if (v instanceof BoolValue(boolean b)) {
            return b;
        }
        throw mismatch(key, v, "BOOL");
    }

    private GgufArray array(String key, GgufValue v) {
        if (v instanceof GgufArray a) {
            return a;
        }
        throw mismatch(key, v, "ARRAY");
    }

    private List<String> stringArray(String key, GgufValue v) {
        if (v instanceof StringArray(List<String> values)) {
            return values;
        }
        throw mismatch(key, v, "ARRAY<STRING>");
    }

    private float[] floatArray(String key, GgufValue v) {
        if (v instanceof ScalarArray a && a.elementType().isFloat()) {
            return a.toFloatArray();
        }
        throw mismatch(key, v, "ARRAY<FLOAT32> or ARRAY<FLOAT64>");
    }

    private int[] intArray(String key, GgufValue v) {
        if (v instanceof ScalarArray a && a.elementType().isInteger()) {
            try {
                return a.toIntArray();
            } catch (ArithmeticException e) {
                throw new GgufMetadataException(key, source + ": metadata key '" + key + "' is ARRAY<"
                        + a.elementType() + ">, and its " + e.getMessage());
            }
        }
        throw mismatch(key, v, "an ARRAY of an integer type");
    }

    private long[] longArray(String key, GgufValue v) {
        if (v instanceof ScalarArray a && a.elementType().isInteger()) {
            return a.toLongArray();
        }
        throw mismatch(key, v, "an ARRAY of an integer type");
    }

    private GgufMetadataException mismatch(String key, GgufValue actual, String expected) {
        return new GgufMetadataException(key, source + ": metadata key '" + key + "' is " + describe(actual)
                + ", expected " + expected);
    }

    private static String describe(GgufValue v) {
        return v instanceof GgufArray a ? "ARRAY<" + a.elementType() + ">" : v.type().name();
    }

    /** Equal when the entries are equal, in the same order; the source is not compared. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GgufMetadata m) || m.entries.size() != entries.size()) {
            return false;
        }
        Iterator<Map.Entry<String, GgufValue>> theirs = m.entries.entrySet().iterator();
        for (Map.Entry<String, GgufValue> mine : entries.entrySet()) {
            if (!mine.equals(theirs.next())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("GgufMetadata[").append(entries.size()).append(" keys");
        entries.forEach((k, v) -> s.append("\n  ").append(k).append(" = ").append(v));
        return s.append(']').toString();
    }
}
