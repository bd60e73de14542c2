package dev.osprey.tokenizer.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The globals Hugging Face adds to its chat-template environment, as jinjava functions:
 * {@code raise_exception(message)} and {@code strftime_now(format)}; and Python's {@code range},
 * replacing jinjava's, which silently stops at 1000 elements (a conversation of more than 1000
 * messages iterated with {@code range(messages|length)} would lose its end). jinjava binds functions to
 * static methods, so {@code strftime_now} reads the clock of the interpreter rendering the call
 * ({@link com.hubspot.jinjava.JinjavaConfig#getDateTimeProvider()} and its time zone), which
 * {@link ChatTemplate} sets from its {@link java.time.Clock}.
 */
final class TemplateFunctions {

    private TemplateFunctions() {}

    static List<ELFunctionDefinition> definitions() {
        return List.of(
                new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class, "raiseException", Object.class),
                new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class, "strftimeNow", String.class),
                new ELFunctionDefinition("", "range", TemplateFunctions.class, "range", Object.class, Object[].class));
    }

    /** The most elements {@code range} produces; more fails rather than exhausting memory. */
    static final int RANGE_LIMIT = 1_000_000;

    /**
     * Python's {@code range(stop)}, {@code range(start, stop[, step])} as a list.
     *
     * @throws TemplateException for a zero step, non-integer arguments, or more than
     *                           {@link #RANGE_LIMIT} elements
     */
    public static List<Long> range(Object first, Object... rest) {
        if (rest.length > 2) {
            throw new TemplateException(TemplateException.Reason.RENDER,
                    "range expected at most 3 arguments, got " + (rest.length + 1));
        }
        long start = rest.length == 0 ? 0 : integer(first);
        long stop = rest.length == 0 ? integer(first) : integer(rest[0]);
        long step = rest.length == 2 ? integer(rest[1]) : 1;
        if (step == 0) {
            throw new TemplateException(TemplateException.Reason.RENDER, "range() arg 3 must not be zero");
        }
        long count = step > 0 ? Math.max(0, Math.ceilDiv(stop - start, step)) : Math.max(0, Math.ceilDiv(start - stop, -step));
        if (count > RANGE_LIMIT) {
            throw new TemplateException(TemplateException.Reason.RENDER,
                    "range of " + count + " elements exceeds the limit of " + RANGE_LIMIT);
        }
        List<Long> values = new java.util.ArrayList<>((int) count);
        for (long i = 0, v = start; i < count; i++, v += step) {
            values.add(v);
        }
        return values;
    }

    private static long integer(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new TemplateException(TemplateException.Reason.RENDER,
                "range() arguments must be integers, got " + (value == null ? "none" : value));
    }

    /** {@code raise_exception(message)}: the template rejects the conversation. */
    public static Object raiseException(Object message) {
        throw new TemplateException(TemplateException.Reason.RAISED, String.valueOf(message));
    }

    /** {@code strftime_now(format)}: the current time of the rendering template's clock, formatted. */
    public static String strftimeNow(String format) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        if (interpreter == null) {
            throw new IllegalStateException("strftime_now called outside a template render");
        }
        long millis = interpreter.getConfig().getDateTimeProvider().getCurrentTimeMillis();
        ZonedDateTime now = ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), interpreter.getConfig().getTimeZone());
        return PythonStrftime.format(now, format);
    }
}
