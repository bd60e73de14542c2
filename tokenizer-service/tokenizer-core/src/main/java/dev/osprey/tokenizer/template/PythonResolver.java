package dev.osprey.tokenizer.template;

import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.regex.Pattern;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The first resolver in the chain jinjava consults for {@code base.property} and
 * {@code base.method(args)}: gives strings Python's methods ({@link PythonStrings}) and indexing,
 * and every sequence the {@code __slice__} method {@link JinjaSource} rewrites slices into. Anything
 * else it leaves unresolved for jinjava's own resolvers (maps, lists, namespaces).
 *
 * <p>A string method outside {@link PythonStrings#METHODS} fails rather than falling through to
 * {@code java.lang.String}, so a template cannot reach Java-only methods on text.
 */
final class PythonResolver extends ELResolver {

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base instanceof String s && property != null) {
            String key = property.toString();
            if (INTEGER.matcher(key).matches()) {
                context.setPropertyResolved(true);
                return PythonSequences.charAt(s, Long.parseLong(key));
            }
        }
        return null;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base == null || method == null) {
            return null;
        }
        String name = method.toString();
        Object[] args = params == null ? new Object[0] : params;
        if (name.equals(JinjaSource.SLICE_METHOD)) {
            context.setPropertyResolved(true);
            return PythonSequences.slice(base, args[0], args[1], args[2]);
        }
        if (base instanceof String s) {
            context.setPropertyResolved(true);
            return PythonStrings.call(s, name, args);
        }
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: leaves the property unresolved for the next resolver
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return base instanceof String ? Object.class : null;
    }
}
