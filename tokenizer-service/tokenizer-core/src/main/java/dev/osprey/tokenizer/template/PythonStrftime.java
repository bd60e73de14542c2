package dev.osprey.tokenizer.template;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * Python's {@code datetime.strftime(format)} in the C locale, for {@code strftime_now}: Llama 3.x
 * templates print {@code strftime_now("%d %b %Y")} ("26 Jul 2024"). Supports the directives
 * {@code %a %A %b %B %c %d %e %f %H %I %j %m %M %p %S %u %w %x %X %y %Y %z %Z %G %V %%}
 * and glibc's {@code %-d}-style "no padding" flag on the numeric ones.
 */
final class PythonStrftime {

    private PythonStrftime() {}

    /** @throws TemplateException for a directive outside the supported set */
    static String format(ZonedDateTime t, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            boolean unpadded = false;
            if (d == '-' && i + 1 < format.length()) {
                unpadded = true;
                d = format.charAt(++i);
            }
            out.append(directive(t, d, unpadded));
        }
        return out.toString();
    }

    private static String directive(ZonedDateTime t, char d, boolean unpadded) {
        return switch (d) {
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'c' -> format(t, "%a %b %e %H:%M:%S %Y");
            case 'd' -> number(t.getDayOfMonth(), 2, unpadded);
            case 'e' -> unpadded ? Integer.toString(t.getDayOfMonth()) : String.format("%2d", t.getDayOfMonth());
            case 'f' -> String.format("%06d", t.getNano() / 1000);
            case 'H' -> number(t.getHour(), 2, unpadded);
            case 'I' -> number(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2, unpadded);
            case 'j' -> number(t.getDayOfYear(), 3, unpadded);
            case 'm' -> number(t.getMonthValue(), 2, unpadded);
            case 'M' -> number(t.getMinute(), 2, unpadded);
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'S' -> number(t.getSecond(), 2, unpadded);
            case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'x' -> format(t, "%m/%d/%y");
            case 'X' -> format(t, "%H:%M:%S");
            case 'y' -> number(t.getYear() % 100, 2, unpadded);
            case 'Y' -> Integer.toString(t.getYear());
            case 'G' -> Integer.toString(t.get(IsoFields.WEEK_BASED_YEAR));
            case 'V' -> number(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, unpadded);
            case 'z' -> DateTimeFormatter.ofPattern("xx", Locale.ROOT).format(t);
            case 'Z' -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case '%' -> "%";
            default -> throw new TemplateException(TemplateException.Reason.UNSUPPORTED,
                    "strftime_now: directive %" + (unpadded ? "-" : "") + d + " is not supported");
        };
    }

    private static String number(int value, int width, boolean unpadded) {
        return unpadded ? Integer.toString(value) : String.format("%0" + width + "d", value);
    }
}
