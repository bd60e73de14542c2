package dev.osprey.tokenizer.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The globals Hugging Face adds to its chat-template environment, as jinjava functions:
 * {@code raise_exception(message)} and {@code strftime_now(format)}. jinjava binds functions to
 * static methods, so {@code strftime_now} reads the clock of the interpreter rendering the call
 * ({@link com.hubspot.jinjava.JinjavaConfig#getDateTimeProvider()} and its time zone), which
 * {@link ChatTemplate} sets from its {@link java.time.Clock}.
 */
final class TemplateFunctions {

    private TemplateFunctions() {}

    static List<ELFunctionDefinition> definitions() {
        return List.of(
                new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class, "raiseException", Object.class),
                new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class, "strftimeNow", String.class));
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
