package dev.osprey.tokenizer.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateSyntaxException;
import com.hubspot.jinjava.lib.tag.ElseIfTag;
import com.hubspot.jinjava.lib.tag.ElseTag;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.lib.tag.IfTag;
import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.loader.ResourceNotFoundException;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jinjava.javax.el.CompositeELResolver;

/**
 * A Jinja2 chat template ({@code tokenizer.chat_template} in GGUF, {@code chat_template} in
 * Hugging Face's tokenizer_config.json), compiled once and rendered like transformers'
 * {@code apply_chat_template(messages, tokenize=False, add_generation_prompt=...)}.
 *
 * <p>The environment matches the one transformers builds: {@code trim_blocks} and
 * {@code lstrip_blocks} on, {@code keep_trailing_newline} off, the loop-controls extension,
 * {@code {% generation %}}, a {@code tojson} that is Python's {@code json.dumps} with
 * {@code ensure_ascii=False}, and the globals {@code raise_exception} and {@code strftime_now}.
 * The variables are {@code messages} (a list of {@code {role, content}} mappings),
 * {@code add_generation_prompt}, the special-token texts given at compile time
 * ({@code bos_token}, {@code eos_token}, ...) and any extra variables the caller passes (for
 * example {@code enable_thinking}, {@code tools}). A variable that is not passed is undefined, and
 * undefined behaves as jinja2's default {@code Undefined}: falsy, printed as nothing,
 * {@code is defined} false, {@code is none} true. See {@code package-info} for what else is
 * supported.
 *
 * <p>Compilation rejects, with a {@link TemplateException}: syntax errors, filters and tests that
 * do not exist, and tags transformers' environment does not have ({@code include},
 * {@code extends}, {@code import}, {@code do}, ...). Rendering throws on any error jinjava reports
 * as fatal and on {@code raise_exception}; it never returns a partial prompt.
 *
 * <p>Immutable and thread-safe: each render gets its own interpreter and scope over the shared
 * parse tree.
 */
public final class ChatTemplate {

    /**
     * The tags of transformers' environment (jinja2 with loopcontrols and AssistantTracker) that
     * jinjava renders as jinja2 does. jinja2's {@code filter} block, {@code with} and {@code do}
     * (not in transformers' environment) are among those rejected.
     */
    private static final Set<String> TAGS = Set.of(
            "if", "elif", "else", "endif", "for", "endfor", "set", "endset", "macro", "endmacro",
            "call", "endcall", "raw", "endraw", "break", "continue",
            "generation", "endgeneration");

    /**
     * The largest prompt a render may produce, in bytes as jinjava counts them: 32 MiB, several
     * times the text of a million-token context.
     */
    static final long MAX_OUTPUT_BYTES = 32L << 20;

    /** Variables a caller cannot override: the template's inputs. */
    private static final Set<String> RESERVED = Set.of("messages", "add_generation_prompt");

    private final String templateSource;
    private final String text;
    private final Map<String, String> tokenVariables;
    private final Jinjava jinjava;
    private final JinjavaConfig config;
    private final Node root;

    private ChatTemplate(String templateSource, String text, Map<String, String> tokenVariables,
                         Jinjava jinjava, JinjavaConfig config, Node root) {
        this.templateSource = templateSource;
        this.text = text;
        this.tokenVariables = tokenVariables;
        this.jinjava = jinjava;
        this.config = config;
        this.root = root;
    }

    /** {@link #compile(String, String, Map, Clock)} with the system clock in the default time zone. */
    public static ChatTemplate compile(String text, String templateSource, Map<String, String> tokenVariables) {
        return compile(text, templateSource, tokenVariables, Clock.systemDefaultZone());
    }

    /**
     * Compiles {@code text}.
     *
     * @param text           the Jinja2 source
     * @param templateSource where the template came from, for messages and for callers that report
     *                       it ("model", "default:chatml", a file name)
     * @param tokenVariables special-token texts by variable name ({@code bos_token} → {@code <s>}),
     *                       bound in every render
     * @param clock          the time {@code strftime_now} formats, in the clock's zone
     * @throws TemplateException if the template does not parse or uses an unsupported construct
     */
    public static ChatTemplate compile(String text, String templateSource, Map<String, String> tokenVariables,
                                       Clock clock) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(templateSource, "templateSource");
        Objects.requireNonNull(clock, "clock");
        JinjaSource prepared;
        try {
            prepared = JinjaSource.prepare(text);
        } catch (TemplateException e) {
            throw new TemplateException(e.reason(), templateSource + " chat template, " + e.getMessage(), e);
        }
        JinjavaConfig config = config(clock);
        Jinjava jinjava = new Jinjava(config);
        jinjava.setResourceLocator(REFUSE_RESOURCES);
        Context globals = jinjava.getGlobalContext();
        globals.registerTag(new FilteredForTag());
        globals.registerTag(new GenerationTag());
        globals.registerFilter(new ToJsonFilter());
        TemplateFunctions.definitions().forEach(globals::registerFunction);

        for (JinjaSource.NameUse tag : prepared.tags()) {
            if (!TAGS.contains(tag.name())) {
                throw unsupported(templateSource, tag.line(), "tag '" + tag.name() + "' is not supported");
            }
        }
        for (JinjaSource.NameUse filter : prepared.filters()) {
            if (globals.getFilter(filter.name()) == null) {
                throw unsupported(templateSource, filter.line(), "unknown filter '" + filter.name() + "'");
            }
        }
        for (JinjaSource.NameUse test : prepared.tests()) {
            if (globals.getExpTest(test.name()) == null) {
                throw unsupported(templateSource, test.line(), "unknown test '" + test.name() + "'");
            }
        }

        Context parseContext = jinjava.getGlobalContextCopy();
        parseContext.setExpressionStrategy(new PythonOutputStrategy()); // captured by each {{ }} node
        JinjavaInterpreter parser = new JinjavaInterpreter(jinjava, parseContext, config);
        Node root = parser.parse(prepared.text());
        // jinjava reports some structural errors (an end tag without its start) only as warnings.
        List<TemplateError> errors = parser.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL
                        || e.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR)
                .toList();
        if (!errors.isEmpty()) {
            throw failure(templateSource, errors.getFirst(), TemplateException.Reason.SYNTAX);
        }
        checkStructure(templateSource, root);
        return new ChatTemplate(templateSource, text, Map.copyOf(tokenVariables), jinjava, config, root);
    }

    /**
     * Rejects what jinja2 refuses to parse but jinjava renders as nothing: {@code else} outside
     * {@code if}/{@code for}, {@code elif} outside {@code if}.
     */
    private static void checkStructure(String templateSource, Node node) {
        for (Node child : node.getChildren()) {
            if (child instanceof TagNode tag) {
                boolean inIf = node instanceof TagNode parent && parent.getTag() instanceof IfTag;
                boolean inFor = node instanceof TagNode parent && parent.getTag() instanceof ForTag;
                if (tag.getTag() instanceof ElseIfTag && !inIf) {
                    throw new TemplateException(TemplateException.Reason.SYNTAX,
                            where(templateSource, tag.getLineNumber()) + "'elif' outside an if block");
                }
                if (tag.getTag() instanceof ElseTag && !inIf && !inFor) {
                    throw new TemplateException(TemplateException.Reason.SYNTAX,
                            where(templateSource, tag.getLineNumber()) + "'else' outside an if or for block");
                }
            }
            checkStructure(templateSource, child);
        }
    }

    /** {@link #render(List, boolean, Map)} without extra variables. */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * Renders a conversation to prompt text (special tokens as text, to be encoded with special
     * parsing on).
     *
     * @param messages            the conversation, oldest first
     * @param addGenerationPrompt end with the header that starts the assistant's reply
     * @param variables           extra template variables, as transformers' {@code **kwargs}
     *                            ({@code enable_thinking}, {@code tools}, ...): strings, booleans,
     *                            numbers, lists and maps of those, or null; they may shadow the
     *                            special-token variables but not {@code messages} or
     *                            {@code add_generation_prompt}
     * @throws TemplateException         if rendering fails or the template raises an exception
     * @throws IllegalArgumentException if {@code variables} names a reserved variable
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(variables, "variables");
        for (String name : variables.keySet()) {
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is set by render() and cannot be passed as a variable");
            }
        }
        Map<String, Object> bindings = new HashMap<>(tokenVariables);
        bindings.putAll(variables);
        List<Map<String, Object>> messageValues = new ArrayList<>(messages.size());
        for (ChatMessage message : messages) {
            messageValues.add(message.toTemplateValue());
        }
        bindings.put("messages", messageValues);
        bindings.put("add_generation_prompt", addGenerationPrompt);

        Context context = new Context(jinjava.getGlobalContextCopy(), bindings, config.getDisabled());
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, context, config);
        String output;
        try {
            output = interpreter.render(root);
        } catch (RuntimeException e) {
            TemplateException cause = templateCause(e);
            if (cause != null) {
                throw new TemplateException(cause.reason(),
                        where(templateSource, interpreter.getLineNumber()) + cause.getMessage(), e);
            }
            throw new TemplateException(TemplateException.Reason.RENDER,
                    where(templateSource, interpreter.getLineNumber()) + e.getMessage(), e);
        }
        List<TemplateError> errors = fatal(interpreter.getErrors());
        if (!errors.isEmpty()) {
            throw failure(templateSource, errors.getFirst(), TemplateException.Reason.RENDER);
        }
        return output;
    }

    /** Where the template came from: "model", "default:chatml", ... */
    public String templateSource() {
        return templateSource;
    }

    /** The Jinja2 source as given. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + templateSource + ", " + text.length() + " chars]";
    }

    private static JinjavaConfig config(Clock clock) {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        return JinjavaConfig.newBuilder()
                // Done by JinjaSource as jinja2 does them; jinjava's versions differ (see there).
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                // The source's trailing newline is dropped by JinjaSource; output is never trimmed.
                .withKeepTrailingNewline(true)
                // Never render a value as a template: a message containing "{{" is text.
                .withNestedInterpretationEnabled(false)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseNaturalOperatorPrecedence(true)      // 'a' + x | trim  ==  'a' + (x|trim)
                        .withParseWhitespaceControlStrictly(true)    // '-' only right at the delimiter
                        .withUseTrimmingForNotesAndExpressions(true) // {{- and {#- strip too
                        .withIterateOverMapKeys(true)                // {% for k in dict %} yields keys
                        .withEvaluateMapKeys(true)                   // {a: 1} evaluates the key expression
                        .withHandleBackslashInQuotesOnly(true)       // '\n' escapes as in Python literals
                        .withKeepNullableLoopValues(true)
                        .withUsePyishObjectMapper(true)              // {{ list }} prints Python-like
                        .build())
                .withElResolver(resolver)
                // A prompt is far smaller; a runaway template fails instead of exhausting memory.
                .withMaxOutputSize(MAX_OUTPUT_BYTES)
                .withDateTimeProvider(clock::millis)
                .withTimeZone(clock.getZone())
                .build();
    }

    private static final ResourceLocator REFUSE_RESOURCES = (fullName, encoding, interpreter) -> {
        throw new ResourceNotFoundException("chat templates cannot load other templates: " + fullName);
    };

    private static List<TemplateError> fatal(List<TemplateError> errors) {
        return errors.stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
    }

    private static TemplateException failure(String templateSource, TemplateError error, TemplateException.Reason fallback) {
        TemplateException cause = templateCause(error.getException());
        String where = where(templateSource, error.getLineno());
        if (cause != null) {
            return new TemplateException(cause.reason(), where + cause.getMessage(), error.getException());
        }
        TemplateException.Reason reason = switch (error.getReason()) {
            case DISABLED -> TemplateException.Reason.UNSUPPORTED;
            // jinjava also files evaluation failures (a missing method) under SYNTAX_ERROR.
            case SYNTAX_ERROR -> error.getException() instanceof TemplateSyntaxException ? TemplateException.Reason.SYNTAX : fallback;
            default -> fallback;
        };
        String field = error.getFieldName() == null || error.getFieldName().isBlank()
                ? "" : " (in '" + error.getFieldName().strip() + "')";
        return new TemplateException(reason, where + error.getMessage() + field, error.getException());
    }

    private static String where(String templateSource, int line) {
        return templateSource + " chat template" + (line > 0 ? ", line " + line : "") + ": ";
    }

    private static TemplateException unsupported(String templateSource, int line, String message) {
        return new TemplateException(TemplateException.Reason.UNSUPPORTED, where(templateSource, line) + message);
    }

    /** The {@link TemplateException} a Python-compat helper threw, however deep jinjava wrapped it. */
    private static TemplateException templateCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TemplateException te) {
                return te;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
