package dev.osprey.tokenizer.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;

/**
 * How {@code {{ expression }}} prints: as Python's {@code str()} for booleans ({@code True},
 * {@code False}), otherwise as jinjava prints values (strings as is, numbers, Python-like lists and
 * dicts). Undefined and {@code none} both print as nothing: jinjava cannot tell them apart, and
 * printing nothing is right for undefined, the common case ({@code {{ message['name'] }}}).
 *
 * <p>Unlike jinjava's default strategy this never re-renders a value that contains {@code {{}:
 * message content is data, not template.
 */
final class PythonOutputStrategy implements ExpressionStrategy {

    @Override
    public RenderedOutputNode interpretOutput(ExpressionToken master, JinjavaInterpreter interpreter) {
        Object value = interpreter.resolveELExpression(master.getExpr(), master.getLineNumber());
        if (value instanceof Boolean b) {
            return new RenderedOutputNode(b ? "True" : "False");
        }
        return new RenderedOutputNode(interpreter.getAsString(value));
    }
}
