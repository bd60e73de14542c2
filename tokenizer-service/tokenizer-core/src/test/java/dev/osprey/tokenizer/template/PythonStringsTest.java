package dev.osprey.tokenizer.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are what CPython 3.12 returns for the same calls. */
class PythonStringsTest {

    private static Object call(String s, String method, Object... args) {
        return PythonStrings.call(s, method, args);
    }

    @Test
    void stripUsesPythonWhitespaceOrTheGivenCharacters() {
        assertThat(call("\u00a0\t x \u3000\n", "strip")).isEqualTo("x");
        assertThat(call("\n\nx\n", "strip", "\n")).isEqualTo("x");
        assertThat(call("xxaxx", "lstrip", "x")).isEqualTo("axx");
        assertThat(call("xxaxx", "rstrip", "x")).isEqualTo("xxa");
        assertThat(call("ab", "strip", "ab")).isEqualTo("");
    }

    @Test
    void splitWithoutSeparatorSplitsOnWhitespaceRuns() {
        assertThat(call("  a \t b\nc  ", "split")).isEqualTo(List.of("a", "b", "c"));
        assertThat(call("  a b c ", "split", null, 1L)).isEqualTo(List.of("a", "b c "));
        assertThat(call("   ", "split")).isEqualTo(List.of());
    }

    @Test
    void splitWithSeparatorIsLiteral() {
        assertThat(call("a.b..c", "split", ".")).isEqualTo(List.of("a", "b", "", "c"));
        assertThat(call("a.b.c", "split", ".", 1L)).isEqualTo(List.of("a", "b.c"));
        assertThat(call("<t>x</think>y</think>z", "split", "</think>")).isEqualTo(List.of("<t>x", "y", "z"));
        assertThat(call("", "split", ",")).isEqualTo(List.of(""));
    }

    @Test
    void rsplitCountsFromTheRight() {
        assertThat(call("a.b.c", "rsplit", ".", 1L)).isEqualTo(List.of("a.b", "c"));
        assertThat(call(" a b c ", "rsplit", null, 1L)).isEqualTo(List.of(" a b", "c"));
    }

    @Test
    void prefixesAndSuffixes() {
        assertThat(call("<tool_response>x", "startswith", "<tool_response>")).isEqualTo(true);
        assertThat(call("abc", "startswith", List.of("x", "ab"))).isEqualTo(true);
        assertThat(call("abc", "startswith", "bc", 1L)).isEqualTo(true);
        assertThat(call("abc", "endswith", "ab", 0L, -1L)).isEqualTo(true);
        assertThat(call("abc", "endswith", List.of("x"))).isEqualTo(false);
    }

    @Test
    void casing() {
        assertThat(call("they're bill's friends", "title")).isEqualTo("They'Re Bill'S Friends");
        assertThat(call("hELLO world", "capitalize")).isEqualTo("Hello world");
        assertThat(call("straße", "upper")).isEqualTo("STRASSE");
    }

    @Test
    void otherMethods() {
        assertThat(call("aaa", "replace", "a", "b", 2L)).isEqualTo("bba");
        assertThat(call("abc", "replace", "", "-")).isEqualTo("-a-b-c-");
        assertThat(call("abc", "replace", "", "-", 2L)).isEqualTo("-a-bc");
        assertThat(call("abcabc", "find", "c")).isEqualTo(2L);
        assertThat(call("abcabc", "count", "bc")).isEqualTo(2L);
        assertThat(call("-", "join", List.of("a", "b"))).isEqualTo("a-b");
        assertThat(call("a\r\nb\nc", "splitlines")).isEqualTo(List.of("a", "b", "c"));
        assertThat(call("a\nb", "splitlines", true)).isEqualTo(List.of("a\n", "b"));
    }

    @Test
    void unknownMethodsAndBadArgumentsFail() {
        assertThatThrownBy(() -> call("a", "encode"))
                .isInstanceOf(TemplateException.class).hasMessageStartingWith("string method 'encode' is not supported");
        assertThatThrownBy(() -> call("a", "split", ""))
                .isInstanceOf(TemplateException.class).hasMessageContaining("empty separator");
        assertThatThrownBy(() -> call("a", "upper", "x"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("takes 0 arguments");
    }
}
