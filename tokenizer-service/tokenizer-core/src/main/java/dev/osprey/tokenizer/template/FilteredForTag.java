package dev.osprey.tokenizer.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter.InterpreterScopeClosable;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.util.ForLoop;
import com.hubspot.jinjava.util.ObjectIterator;
import com.hubspot.jinjava.util.ObjectTruthValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.lang3.tuple.Pair;

/**
 * jinjava's {@code for} tag plus jinja2's loop filter {@code {% for x in items if cond %}}: items
 * for which {@code cond} is false are skipped before the loop starts, so {@code loop.index},
 * {@code loop.first} and {@code loop.last} count only the kept items, as in jinja2. Without this,
 * jinjava reads {@code items if cond} as an inline if with no else and silently loops over nothing.
 * {@code recursive} loops are rejected.
 */
final class FilteredForTag extends ForTag {

    @Override
    public String interpretUnchecked(TagNode tagNode, JinjavaInterpreter interpreter) {
        Pair<List<String>, String> varsAndExpression = getLoopVarsAndExpression((TagToken) tagNode.getMaster());
        List<String> loopVars = varsAndExpression.getLeft();
        String expression = varsAndExpression.getRight();
        if (topLevelWord(expression, "recursive") >= 0) {
            throw new TemplateException(TemplateException.Reason.UNSUPPORTED,
                    "line " + tagNode.getLineNumber() + ": recursive for loops are not supported");
        }
        int ifAt = topLevelWord(expression, "if");
        if (ifAt < 0) {
            return super.interpretUnchecked(tagNode, interpreter);
        }
        String iterable = expression.substring(0, ifAt).strip();
        String condition = expression.substring(ifAt + 2).strip();
        Object collection = interpreter.resolveELExpression(iterable, tagNode.getLineNumber());
        List<Object> kept = new ArrayList<>();
        ForLoop items = ObjectIterator.getLoop(collection);
        try (InterpreterScopeClosable scope = interpreter.enterScope()) {
            while (items.hasNext()) {
                Object item = items.next();
                bind(loopVars, interpreter.wrap(item), interpreter);
                if (ObjectTruthValue.evaluate(interpreter.resolveELExpression(condition, tagNode.getLineNumber()))) {
                    kept.add(item);
                }
            }
        }
        return renderForCollection(tagNode, interpreter, loopVars, kept);
    }

    /** Assigns one item to the loop variables: the item itself, or unpacked from a pair or list. */
    private static void bind(List<String> loopVars, Object value, JinjavaInterpreter interpreter) {
        if (loopVars.size() == 1) {
            interpreter.getContext().put(loopVars.getFirst(), value);
            return;
        }
        List<?> parts = switch (value) {
            case Map.Entry<?, ?> entry -> Arrays.asList(entry.getKey(), entry.getValue());
            case List<?> list -> list;
            default -> throw new TemplateException(TemplateException.Reason.RENDER,
                    "cannot unpack " + value + " into " + String.join(", ", loopVars));
        };
        if (parts.size() != loopVars.size()) {
            throw new TemplateException(TemplateException.Reason.RENDER,
                    "cannot unpack " + parts.size() + " values into " + String.join(", ", loopVars));
        }
        for (int i = 0; i < loopVars.size(); i++) {
            interpreter.getContext().put(loopVars.get(i), parts.get(i));
        }
    }

    /** Index of {@code word} standing alone outside string literals and brackets, or -1. */
    static int topLevelWord(String expression, String word) {
        int depth = 0;
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\'' || c == '"') {
                i = JinjaSource.stringEnd(expression, i, 0);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && expression.startsWith(word, i)
                    && (i == 0 || !isWordChar(expression.charAt(i - 1)))
                    && (i + word.length() == expression.length() || !isWordChar(expression.charAt(i + word.length())))) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
