package dev.osprey.tokenizer.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter.InterpreterScopeClosable;
import com.hubspot.jinjava.lib.tag.ElseTag;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.Node;
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
 * jinjava's {@code for} tag plus what jinja2 has and jinjava would silently get wrong:
 * <ul>
 *   <li>the loop filter {@code {% for x in items if cond %}}: items for which {@code cond} is false
 *       are skipped before the loop starts, so {@code loop.index}, {@code loop.first} and
 *       {@code loop.last} count only the kept items (jinjava reads {@code items if cond} as an
 *       inline if without else and loops over nothing);
 *   <li>{@code {% else %}} inside the loop, rendered instead of the body when no item is iterated
 *       (jinjava renders the text after it in every iteration).
 * </ul>
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
        String iterable = ifAt < 0 ? expression : expression.substring(0, ifAt).strip();
        String condition = ifAt < 0 ? null : expression.substring(ifAt + 2).strip();

        Object collection = interpreter.resolveELExpression(iterable, tagNode.getLineNumber());
        List<Object> items = new ArrayList<>();
        ForLoop loop = ObjectIterator.getLoop(collection);
        // The condition sees the loop variables in a scope of its own, dropped before the body runs.
        try (InterpreterScopeClosable _ = interpreter.enterScope()) {
            while (loop.hasNext()) {
                Object item = loop.next();
                if (condition != null) {
                    bind(loopVars, interpreter.wrap(item), interpreter);
                    if (!ObjectTruthValue.evaluate(interpreter.resolveELExpression(condition, tagNode.getLineNumber()))) {
                        continue;
                    }
                }
                items.add(item);
            }
        }

        // {% for %}...{% else %}...{% endfor %}: the else part renders when nothing was iterated.
        List<Node> children = tagNode.getChildren();
        int elseAt = -1;
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof TagNode child && child.getTag() instanceof ElseTag) {
                elseAt = i;
                break;
            }
        }
        if (elseAt < 0) {
            return renderForCollection(tagNode, interpreter, loopVars, items);
        }
        if (items.isEmpty()) {
            StringBuilder out = new StringBuilder();
            for (Node child : children.subList(elseAt + 1, children.size())) {
                out.append(child.render(interpreter).getValue());
            }
            return out.toString();
        }
        TagNode body = new TagNode(tagNode.getTag(), (TagToken) tagNode.getMaster(), tagNode.getSymbols());
        body.getChildren().addAll(children.subList(0, elseAt));
        return renderForCollection(body, interpreter, loopVars, items);
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
