package dev.osprey.tokenizer.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.List;
import java.util.Map;

/**
 * {@code value|tojson(indent=None, separators=None, sort_keys=False, ensure_ascii=False)} as
 * {@link PythonJson}: replaces jinjava's Jackson-based filter, whose compact separators differ from
 * the Python output models were trained on.
 */
final class ToJsonFilter implements Filter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return PythonJson.dumps(var, PythonJson.Options.DEFAULT);
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        if (args.length > 1) {
            throw new TemplateException(TemplateException.Reason.RENDER,
                    "tojson takes at most one positional argument (indent), got " + args.length);
        }
        for (String name : kwargs.keySet()) {
            if (!List.of("indent", "separators", "sort_keys", "ensure_ascii").contains(name)) {
                throw new TemplateException(TemplateException.Reason.UNSUPPORTED, "tojson: unsupported argument '" + name + "'");
            }
        }
        String indent = indent(args.length == 1 ? args[0] : kwargs.get("indent"));
        String itemSeparator = indent == null ? ", " : ",";
        String keySeparator = ": ";
        Object separators = kwargs.get("separators");
        if (separators != null) {
            if (!(separators instanceof List<?> pair) || pair.size() != 2
                    || !(pair.get(0) instanceof String item) || !(pair.get(1) instanceof String key)) {
                throw new TemplateException(TemplateException.Reason.RENDER,
                        "tojson: separators must be a pair of strings, got " + separators);
            }
            itemSeparator = item;
            keySeparator = key;
        }
        return PythonJson.dumps(var, new PythonJson.Options(indent, itemSeparator, keySeparator,
                isTrue(kwargs.get("sort_keys")), isTrue(kwargs.get("ensure_ascii"))));
    }

    private static String indent(Object indent) {
        return switch (indent) {
            case null -> null;
            case String s -> s;
            case Long n -> " ".repeat((int) Math.max(0, n));
            case Integer n -> " ".repeat(Math.max(0, n));
            default -> throw new TemplateException(TemplateException.Reason.RENDER,
                    "tojson: indent must be an integer or a string, got " + indent);
        };
    }

    private static boolean isTrue(Object value) {
        return value instanceof Boolean b && b;
    }
}
