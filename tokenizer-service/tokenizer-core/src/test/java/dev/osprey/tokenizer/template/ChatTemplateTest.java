package dev.osprey.tokenizer.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatTemplateTest {

    private static final List<ChatMessage> CHAT = List.of(
            ChatMessage.system("Be brief."), ChatMessage.user("hi"), ChatMessage.assistant("Hello."), ChatMessage.user("bye"));

    private static String render(String template) {
        return render(template, Map.of());
    }

    private static String render(String template, Map<String, ?> variables) {
        return ChatTemplate.compile(template, "test", Map.of("bos_token", "<s>", "eos_token", "</s>"))
                .render(CHAT, true, variables);
    }

    private static TemplateException failure(String template) {
        try {
            render(template);
        } catch (TemplateException e) {
            return e;
        }
        throw new AssertionError("expected a TemplateException from " + template);
    }

    /** Whitespace as jinja2 produces it with trim_blocks=True, lstrip_blocks=True (transformers' settings). */
    @Nested
    class Whitespace {
        @ParameterizedTest(name = "[{index}] {0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
                // lstrip_blocks only strips when the tag is the first thing on its line
                "`a {% if true %}b{% endif %}`                         | `a b`",
                "`  {% if true %}x{% endif %}`                        | `x`",
                "`line\\n    {% if true %}\\n    x\\n    {% endif %}\\nend` | `line\\n    x\\nend`",
                // {%+ and +%} switch lstrip and trim off for one tag
                "`  {%+ if true %}x{% endif %}`                       | `  x`",
                "`{% if true +%}\\nx{% endif %}`                      | `\\nx`",
                // comments are stripped and trimmed like blocks; expressions are not
                "`  {# note #}\\nx`                                   | `x`",
                "`  {{ 'x' }}\\ny`                                    | `  x\\ny`",
                // - strips every whitespace character on its side, newlines included
                "`a  \\n {%- if true -%} \\n b{% endif %}`             | `ab`",
                "`a\\n  {{- 'b' -}}\\n  c`                             | `abc`",
                // keep_trailing_newline=False drops one newline at the end of the source only
                "`x\\n`                                               | `x`",
                "`x\\n\\n`                                            | `x\\n`",
                "`a\\r\\nb\\rc`                                       | `a\\nb\\nc`",
        })
        void matchesJinja2(String template, String expected) {
            assertThat(render(unescape(template))).isEqualTo(unescape(expected));
        }

        @Test
        void valuesEndingInANewlineKeepIt() {
            assertThat(render("{{ 'a\\n' }}")).isEqualTo("a\n");
        }

        private static String unescape(String s) {
            return s.replace("\\r", "\r").replace("\\n", "\n");
        }
    }

    @Nested
    class PythonSemantics {
        @ParameterizedTest(name = "[{index}] {0}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
                "`{{ messages[1:]|length }},{{ messages[-1].content }},{{ messages[::-1][0].content }}` | `3,bye,bye`",
                "`{{ messages[::2]|map(attribute='role')|join(',') }}`       | `system,assistant`",
                "`{{ 'abcdef'[1:-1:2] }}{{ 'abc'[-1] }}{{ 'abc'[-10:2] }}`  | `bdcab`",
                "`{{ '<a></think>b'.split('</think>')[-1] }}`                | `b`",
                "`{{ '  a  b '.split()|join('|') }},{{ 'a.b.c'.rsplit('.', 1)|join('|') }}` | `a|b,a.b|c`",
                "`{{ '\\n\\nx\\n'.strip('\\n') }}{{ 'xxay'.lstrip('x') }}`    | `xay`",
                "`{{ 'tool: x'.startswith(('a', 'tool')) }},{{ 'abc'.endswith('bc') }}` | `True,True`",
                "`{{ 'hello wORLD'.title() }},{{ 'ab'.upper() }},{{ 'AB'.lower() }},{{ 'aBC'.capitalize() }}` | `Hello World,AB,ab,Abc`",
                "`{{ 'a-b-c'.replace('-', '+', 1) }},{{ ', '.join(['x', 'y']) }},{{ 'banana'.count('an') }}` | `a+b-c,x, y,2`",
                "`{{ 'a' + 'b' ~ 1 }}`                                       | `ab1`",
                "`{{ '<' + ' x ' | trim + '>' }}`                             | `<x>`",
                "`{% if not add_generation_prompt is defined %}no{% else %}yes{% endif %}` | `yes`",
                "`{{ not 1 == 2 }},{{ not false and false }},{{ 'z' not in 'abc' }}` | `True,False,True`",
                "`{% set ns = namespace(n=messages|length - 1, seen=false) %}{% set ns.seen = true %}{{ ns.n }}{{ ns.seen }}` | `3True`",
                "`{% for m in messages if m.role != 'system' %}{{ loop.index }}{{ m.role[0] }}{{ '.' if loop.last }}{% endfor %}` | `1u2a3u.`",
                "`{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}` | `a=1;b=2;`",
                "`{% for m in messages %}{{ m.role[0] }}{% else %}none{% endfor %}` | `suau`",
                "`{% for m in messages if m.role == 'tool' %}{{ m.role }}{% else %}none{% endfor %}` | `none`",
                "`{% set d = {'a': 1} %}{{ d.get('a') }}{{ d.get('z', 'x') }}{{ d.keys()|list }}` | `1x['a']`",
                "`{{ missing }}|{{ messages[0].name }}|{{ missing is defined }}|{{ missing is none }}` | `||False|True`",
                "`{{ {'a': {'b': [1, 2.5, none, true, 'é\"']}} | tojson }}` | `{\"a\": {\"b\": [1, 2.5, null, true, \"é\\\"\"]}}`",
                "`{{ [1, {'k': 'v'}] | tojson(indent=2) }}`                   | `[\\n  1,\\n  {\\n    \"k\": \"v\"\\n  }\\n]`",
                "`{{ {'b': 1, 'a': 2} | tojson(sort_keys=true, separators=(',', ':')) }}` | `{\"a\":2,\"b\":1}`",
                "`{{ '\\u00e9\\x41\\t|\\d' }}`                                  | `éA\t|\\d`",
                "`{% for m in messages %}{% if loop.first %}{{ bos_token }}{% endif %}{{ m.content }}{% if loop.last %}{{ eos_token }}{% endif %}{% endfor %}` | `<s>Be brief.hiHello.bye</s>`",
                "`{% macro turn(m) %}[{{ m.role }}]{% endmacro %}{% for m in messages %}{{ turn(m) }}{% endfor %}` | `[system][user][assistant][user]`",
                "`{% generation %}{{ messages[-1].content }}{% endgeneration %}` | `bye`",
                "`{% for m in messages %}{% if m.role == 'assistant' %}{% break %}{% endif %}{{ m.role[0] }}{% endfor %}` | `su`",
        })
        void matchesJinja2(String template, String expected) {
            assertThat(render(template.replace("\\n", "\n"))).isEqualTo(expected.replace("\\n", "\n").replace("\\t", "\t"));
        }

        @Test
        void extraVariablesAreVisibleAndMayShadowSpecialTokens() {
            assertThat(render("{{ bos_token }}{{ enable_thinking }}", Map.of("bos_token", "[B]", "enable_thinking", false)))
                    .isEqualTo("[B]False");
        }
    }

    @Nested
    class Safety {
        @Test
        void messageTextIsNeverInterpretedAsTemplate() {
            ChatTemplate template = ChatTemplate.compile(ChatTemplates.CHATML, "chatml", Map.of());
            String code = "{{ raise_exception('x') }} {% for x in y %} {# c #}";

            assertThat(template.render(List.of(ChatMessage.user(code)), false))
                    .isEqualTo("<|im_start|>user\n" + code + "<|im_end|>\n");
        }

        @Test
        void templatesCannotLoadOtherTemplates() {
            for (String tag : List.of("{% include 'x' %}", "{% import 'x' as y %}", "{% from 'x' import y %}",
                    "{% extends 'x' %}")) {
                assertThatThrownBy(() -> render(tag))
                        .isInstanceOf(TemplateException.class)
                        .hasMessageContaining("is not supported")
                        .extracting(e -> ((TemplateException) e).reason()).isEqualTo(TemplateException.Reason.UNSUPPORTED);
            }
        }

        @Test
        void rangeIsPythonsAndNeverSilentlyShort() {
            assertThat(render("{{ range(3)|join(',') }}|{{ range(1, 7, 2)|join(',') }}|{{ range(3, 0, -1)|join(',') }}"))
                    .isEqualTo("0,1,2|1,3,5|3,2,1");
            assertThat(render("{{ range(5000)|length }}")).isEqualTo("5000");
            assertThat(failure("{{ range(10000000)|length }}").getMessage()).contains("exceeds the limit");
            assertThat(failure("{{ range(1, 2, 0) }}").getMessage()).contains("must not be zero");
        }

        @Test
        void runawayOutputFails() {
            String megabyte = "x".repeat(1 << 20);

            assertThatThrownBy(() -> render("{% for i in range(1000) %}{{ big }}{% endfor %}", Map.of("big", megabyte)))
                    .isInstanceOf(TemplateException.class)
                    .extracting(e -> ((TemplateException) e).reason()).isEqualTo(TemplateException.Reason.RENDER);
            assertThat(render("{% for i in range(8) %}{{ big }}{% endfor %}", Map.of("big", megabyte))).hasSize(8 << 20);
        }

        @Test
        void javaMethodsOnStringsAreNotReachable() {
            TemplateException e = failure("{{ messages[0].content.getBytes() }}");

            assertThat(e.reason()).isEqualTo(TemplateException.Reason.UNSUPPORTED);
            assertThat(e.getMessage()).contains("string method 'getBytes' is not supported");
        }
    }

    @Nested
    class Errors {
        @Test
        void raiseExceptionCarriesTheTemplatesMessage() {
            TemplateException e = failure("line one\n{% if messages[0].role == 'system' %}"
                    + "{{ raise_exception('System role not supported') }}{% endif %}");

            assertThat(e.reason()).isEqualTo(TemplateException.Reason.RAISED);
            assertThat(e.getMessage()).isEqualTo("test chat template, line 2: System role not supported");
        }

        @Test
        void unknownFilterFailsAtCompileTimeWithItsLine() {
            assertThatThrownBy(() -> ChatTemplate.compile("x\ny\n{{ messages | frobnicate }}", "model", Map.of()))
                    .isInstanceOf(TemplateException.class)
                    .hasMessage("model chat template, line 3: unknown filter 'frobnicate'");
        }

        @Test
        void unknownTestFailsAtCompileTime() {
            TemplateException e = failure("{% if x is frobnicated %}{% endif %}");

            assertThat(e.reason()).isEqualTo(TemplateException.Reason.UNSUPPORTED);
            assertThat(e.getMessage()).contains("unknown test 'frobnicated'");
        }

        @Test
        void unclosedBlockIsASyntaxError() {
            TemplateException e = failure("{% for m in messages %}{{ m.role }}");

            assertThat(e.reason()).isEqualTo(TemplateException.Reason.SYNTAX);
            assertThat(e.getMessage()).contains("endfor");
        }

        @Test
        void structuralErrorsJinjavaWouldRenderAsNothingAreSyntaxErrors() {
            assertThat(failure("a{% endif %}b").reason()).isEqualTo(TemplateException.Reason.SYNTAX);
            assertThat(failure("x\n{% else %}").getMessage()).isEqualTo("test chat template, line 2: 'else' outside an if or for block");
            assertThat(failure("{% for m in messages %}{% elif x %}{% endfor %}").getMessage()).contains("'elif' outside an if");
            assertThat(failure("{{ }}").getMessage()).contains("empty expression");
        }

        @Test
        void unterminatedStringIsASyntaxErrorWithItsLine() {
            TemplateException e = failure("a\n{{ 'abc }}");

            assertThat(e.reason()).isEqualTo(TemplateException.Reason.SYNTAX);
            assertThat(e.getMessage()).startsWith("test chat template, line 2: unterminated string literal");
        }

        @Test
        void badExpressionFailsTheRenderInsteadOfPrintingNothing() {
            TemplateException e = failure("before {{ messages[0].content * }} after");

            // jinjava parses expressions when it first evaluates them: reported at render, as SYNTAX.
            assertThat(e.reason()).isEqualTo(TemplateException.Reason.SYNTAX);
            assertThat(e.getMessage()).startsWith("test chat template, line 1: ");
        }

        @Test
        void wrongTypesFailTheRender() {
            assertThat(failure("{{ 'a'.split(1) }}").getMessage()).contains("str.split() expects a string");
            assertThat(failure("{{ messages[::0] }}").getMessage()).contains("slice step cannot be zero");
        }

        @Test
        void inputsCannotBeOverriddenByVariables() {
            ChatTemplate template = ChatTemplate.compile("{{ messages }}", "test", Map.of());

            assertThatThrownBy(() -> template.render(CHAT, true, Map.of("messages", List.of())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'messages'");
            assertThatThrownBy(() -> template.render(CHAT, true, Map.of("add_generation_prompt", false)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'add_generation_prompt'");
        }
    }

    @Test
    void strftimeNowFormatsTheTemplatesClock() {
        Clock clock = Clock.fixed(Instant.parse("2024-07-06T09:05:03Z"), ZoneOffset.UTC);
        ChatTemplate template = ChatTemplate.compile(
                "{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%-d %B %Y, %A %H:%M:%S %p %j %y %%') }}",
                "test", Map.of(), clock);

        assertThat(template.render(List.of(), false)).isEqualTo("06 Jul 2024|6 July 2024, Saturday 09:05:03 AM 188 24 %");
    }

    @Test
    void rendersConcurrentlyFromOneCompiledTemplate() throws Exception {
        ChatTemplate template = ChatTemplate.compile(
                "{% for m in messages %}{{ m.role }}:{{ m.content.strip() }};{% endfor %}{{ messages[::-1][0].content }}",
                "test", Map.of());
        List<List<ChatMessage>> conversations = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            conversations.add(List.of(ChatMessage.user(" q" + i + " "), ChatMessage.assistant("a" + i)));
            expected.add("user:q" + i + ";assistant:a" + i + ";a" + i);
        }
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int round = 0; round < 4; round++) {
                for (List<ChatMessage> conversation : conversations) {
                    results.add(pool.submit(() -> template.render(conversation, false)));
                }
            }
        }
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get()).isEqualTo(expected.get(i % conversations.size()));
        }
    }
}
