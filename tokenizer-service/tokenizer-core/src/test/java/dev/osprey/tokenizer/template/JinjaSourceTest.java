package dev.osprey.tokenizer.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the preprocessor hands jinjava; rendering behaviour is covered in {@link ChatTemplateTest}. */
class JinjaSourceTest {

    @Test
    void slicesBecomeSliceCallsWithNoneForOmittedBounds() {
        assertThat(JinjaSource.prepare("{{ m[1:] }}{{ m[::-1] }}{{ m[a:b:c][0] }}").text())
                .isEqualTo("{{ m.__slice__(1, none, none) }}{{ m.__slice__(none, none, -1) }}"
                        + "{{ m.__slice__(a, b, c)[0] }}");
    }

    @Test
    void nestedSlicesAndIndexesAreRewrittenInside() {
        assertThat(JinjaSource.prepare("{{ x[y[1:]|length:] }}").text())
                .isEqualTo("{{ x.__slice__(y.__slice__(1, none, none)|length, none, none) }}");
    }

    @Test
    void stringLiteralsAndTextAreNotTouched() {
        String source = "a[1:] {{ 'b[1:] not x is y' }} {# c[1:] #}";

        assertThat(JinjaSource.prepare(source).text()).isEqualTo(source);
    }

    @Test
    void unaryNotTakesTheWholeComparison() {
        assertThat(JinjaSource.prepare("{% if not x is defined and not a == b or c not in d %}{% endif %}").text())
                .isEqualTo("{% if not ( x is defined )and not ( a == b )or c not in d %}{% endif %}");
    }

    @Test
    void keywordArgumentExpressionsAreParenthesised() {
        assertThat(JinjaSource.prepare("{{ namespace(a=true, n=xs|length - 1) }}").text())
                .isEqualTo("{{ namespace(a=true, n=(xs|length - 1)) }}");
    }

    @Test
    void trimmedNewlinesMoveInsideTheTagSoLineNumbersStay() {
        JinjaSource source = JinjaSource.prepare("{% if a %}\n  {% if b %}\nx{% endif %}\n{% endif %}\n");

        assertThat(source.text()).isEqualTo("{% if a \n%}{% if b \n%}x{% endif \n%}{% endif %}");
        assertThat(source.text().chars().filter(c -> c == '\n').count()).isEqualTo(3);
    }

    @Test
    void collectsTagsFiltersAndTestsWithLines() {
        JinjaSource source = JinjaSource.prepare("{%- for m in ms | reverse %}\n{{ m | tojson(indent=2) }}"
                + "{% if m is not none %}{% endif %}{% endfor %}");

        assertThat(source.tags()).extracting(JinjaSource.NameUse::name).containsExactly("for", "if", "endif", "endfor");
        assertThat(source.filters()).containsExactly(new JinjaSource.NameUse("reverse", 1), new JinjaSource.NameUse("tojson", 2));
        assertThat(source.tests()).containsExactly(new JinjaSource.NameUse("none", 2));
    }

    @Test
    void pythonEscapesAreSpelledForJinjava() {
        assertThat(JinjaSource.pythonLiteral("'a\\u00e9\\x41\\101\\v\\d\\n\\\\'", 1))
                .isEqualTo("'aéAA\u000b\\\\d\\n\\\\'");
        assertThat(JinjaSource.pythonLiteral("\"\\x22\"", 1)).isEqualTo("\"\\\"\"");
    }

    @Test
    void bracesInsideExpressionsCannotCloseThem() {
        assertThat(JinjaSource.prepare("{{ {'a': {'b': 1}} }}").text()).isEqualTo("{{ {'a': {'b': 1} } }}");
    }

    @Test
    void rawBlocksAreCopiedVerbatim() {
        assertThat(JinjaSource.prepare("{% raw %}{{ x[1:] }}{% endraw %}").text())
                .isEqualTo("{% raw %}{{ x[1:] }}{% endraw %}");
    }

    @Test
    void unterminatedConstructsNameTheirLine() {
        assertThatThrownBy(() -> JinjaSource.prepare("a\nb\n{{ x"))
                .isInstanceOf(TemplateException.class).hasMessage("line 3: unterminated '{{'");
        assertThatThrownBy(() -> JinjaSource.prepare("{# x"))
                .isInstanceOf(TemplateException.class).hasMessage("line 1: unterminated comment '{#'");
        assertThatThrownBy(() -> JinjaSource.prepare("{{ x[1:2:3:4] }}"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("invalid slice");
    }
}
