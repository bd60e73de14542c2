package dev.osprey.tokenizer.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are CPython's {@code json.dumps(value, ensure_ascii=False, ...)}. */
class PythonJsonTest {

    private static String dumps(Object value) {
        return PythonJson.dumps(value, PythonJson.Options.DEFAULT);
    }

    @Test
    void separatorsAndOrderAsPython() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", 1);
        map.put("a", Arrays.asList("x", null, true, false));
        map.put("n", null);

        assertThat(dumps(map)).isEqualTo("{\"b\": 1, \"a\": [\"x\", null, true, false], \"n\": null}");
        assertThat(PythonJson.dumps(map, new PythonJson.Options(null, ",", ":", true, false)))
                .isEqualTo("{\"a\":[\"x\",null,true,false],\"b\":1,\"n\":null}");
    }

    @Test
    void indentPutsEachItemOnItsLine() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k", List.of(1, Map.of()));
        map.put("e", List.of());

        assertThat(PythonJson.dumps(map, new PythonJson.Options("  ", ",", ": ", false, false)))
                .isEqualTo("{\n  \"k\": [\n    1,\n    {}\n  ],\n  \"e\": []\n}");
    }

    @Test
    void stringsEscapeOnlyWhatPythonEscapes() {
        assertThat(dumps("é\"\\\n\t\u0001\u007f/<>")).isEqualTo("\"é\\\"\\\\\\n\\t\\u0001\u007f/<>\"");
        assertThat(PythonJson.dumps("é\u007f", new PythonJson.Options(null, ", ", ": ", false, true)))
                .isEqualTo("\"\\u00e9\\u007f\"");
    }

    @Test
    void floatsAsPythonRepr() {
        assertThat(dumps(List.of(1.0, 0.1, 1e-5, 1.5e16, 123456789012345.0, 1e16, -0.0, 2.5e-4)))
                .isEqualTo("[1.0, 0.1, 1e-05, 1.5e+16, 123456789012345.0, 1e+16, -0.0, 0.00025]");
        assertThat(dumps(List.of(Double.NaN, Double.POSITIVE_INFINITY, new BigDecimal("2.5"), 7L)))
                .isEqualTo("[NaN, Infinity, 2.5, 7]");
    }

    @Test
    void keysAreConvertedAsPythonDoes() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(1L, "a");
        map.put(true, "b");
        map.put(null, "c");

        assertThat(dumps(map)).isEqualTo("{\"1\": \"a\", \"true\": \"b\", \"null\": \"c\"}");
    }

    @Test
    void otherObjectsAreNotSerializable() {
        assertThatThrownBy(() -> dumps(List.of(new Object())))
                .isInstanceOf(TemplateException.class).hasMessageContaining("is not JSON serializable");
    }
}
