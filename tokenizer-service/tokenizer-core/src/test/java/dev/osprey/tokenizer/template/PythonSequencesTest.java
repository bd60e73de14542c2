package dev.osprey.tokenizer.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are CPython's for the same subscripts. */
class PythonSequencesTest {

    private static final List<Integer> L = List.of(0, 1, 2, 3, 4);

    @Test
    void listSlices() {
        assertThat(PythonSequences.slice(L, 1L, null, null)).isEqualTo(List.of(1, 2, 3, 4));
        assertThat(PythonSequences.slice(L, null, -1L, null)).isEqualTo(List.of(0, 1, 2, 3));
        assertThat(PythonSequences.slice(L, null, null, -1L)).isEqualTo(List.of(4, 3, 2, 1, 0));
        assertThat(PythonSequences.slice(L, -2L, null, -2L)).isEqualTo(List.of(3, 1));
        assertThat(PythonSequences.slice(L, -100L, 100L, 2L)).isEqualTo(List.of(0, 2, 4));
        assertThat(PythonSequences.slice(L, 3L, 1L, null)).isEqualTo(List.of());
        assertThat(PythonSequences.slice(L, 10L, null, -1L)).isEqualTo(List.of(4, 3, 2, 1, 0));
    }

    @Test
    void stringSlicesCountCodePoints() {
        assertThat(PythonSequences.slice("a😀b", 1L, 2L, null)).isEqualTo("😀");
        assertThat(PythonSequences.slice("abc", null, null, -1L)).isEqualTo("cba");
        assertThat(PythonSequences.charAt("a😀b", -2)).isEqualTo("😀");
    }

    @Test
    void errorsAsPythonRaisesThem() {
        assertThatThrownBy(() -> PythonSequences.charAt("ab", 2))
                .isInstanceOf(TemplateException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PythonSequences.slice(L, null, null, 0L))
                .isInstanceOf(TemplateException.class).hasMessageContaining("step cannot be zero");
        assertThatThrownBy(() -> PythonSequences.slice(42L, null, null, null))
                .isInstanceOf(TemplateException.class).hasMessageContaining("only strings and lists");
    }
}
