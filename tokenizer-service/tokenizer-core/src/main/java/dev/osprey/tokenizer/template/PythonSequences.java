package dev.osprey.tokenizer.template;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Python indexing and slicing of strings and lists: {@code s[-1]}, {@code messages[1:]},
 * {@code messages[::-1]}. Bounds follow {@code slice.indices(len)}; strings are indexed by code
 * point, as Python indexes {@code str}.
 */
final class PythonSequences {

    private PythonSequences() {}

    /**
     * {@code value[start:stop:step]}, each bound {@code null} when omitted.
     *
     * @return a String for a String, otherwise a new List
     * @throws TemplateException for a zero step or a bound that is not an integer
     */
    static Object slice(Object value, Object start, Object stop, Object step) {
        int stepValue = step == null ? 1 : toInt(step, "slice step");
        if (stepValue == 0) {
            throw new TemplateException(TemplateException.Reason.RENDER, "slice step cannot be zero");
        }
        if (value instanceof String s) {
            int[] cps = s.codePoints().toArray();
            StringBuilder out = new StringBuilder();
            for (int i : indices(cps.length, start, stop, stepValue)) {
                out.appendCodePoint(cps[i]);
            }
            return out.toString();
        }
        List<?> list = asList(value);
        List<Object> out = new ArrayList<>();
        for (int i : indices(list.size(), start, stop, stepValue)) {
            out.add(list.get(i));
        }
        return out;
    }

    /**
     * {@code s[index]} for a string, negative indexes counting from the end.
     *
     * @throws TemplateException when the index is out of range, as Python raises IndexError
     */
    static String charAt(String s, long index) {
        int[] cps = s.codePoints().toArray();
        long i = index < 0 ? index + cps.length : index;
        if (i < 0 || i >= cps.length) {
            throw new TemplateException(TemplateException.Reason.RENDER,
                    "string index " + index + " out of range for a string of length " + cps.length);
        }
        return Character.toString(cps[(int) i]);
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            List<Object> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(Array.get(value, i));
            }
            return list;
        }
        throw new TemplateException(TemplateException.Reason.RENDER, "cannot slice "
                + (value == null ? "none" : value.getClass().getSimpleName()) + ": only strings and lists can be sliced");
    }

    /** The indices {@code range(*slice(start, stop, step).indices(length))} visits. */
    private static List<Integer> indices(int length, Object start, Object stop, int step) {
        int lower = step < 0 ? -1 : 0;
        int upper = step < 0 ? length - 1 : length;
        int from = start == null ? (step < 0 ? upper : lower) : bound(toInt(start, "slice start"), length, lower, upper);
        int to = stop == null ? (step < 0 ? lower : upper) : bound(toInt(stop, "slice stop"), length, lower, upper);
        if ((step > 0 && from >= to) || (step < 0 && from <= to)) {
            return Collections.emptyList();
        }
        List<Integer> indices = new ArrayList<>();
        for (int i = from; step > 0 ? i < to : i > to; i += step) {
            indices.add(i);
        }
        return indices;
    }

    private static int bound(int value, int length, int lower, int upper) {
        if (value < 0) {
            return Math.max(value + length, lower);
        }
        return Math.min(value, upper);
    }

    private static int toInt(Object value, String what) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long v = ((Number) value).longValue();
            return (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, v));
        }
        throw new TemplateException(TemplateException.Reason.RENDER, what + " must be an integer or none, got " + value);
    }
}
