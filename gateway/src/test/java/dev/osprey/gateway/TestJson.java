package dev.osprey.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON for tests: single quotes allowed in sources; trees compared by value, not by node class. */
public final class TestJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .build();

    private TestJson() {}

    public static JsonNode json(String text) {
        return MAPPER.readTree(text);
    }

    /** {@code actual} equals {@code expected} as JSON values (field order and numeric node types ignored). */
    public static void assertJson(JsonNode actual, String expected) {
        assertThat(MAPPER.readTree(MAPPER.writeValueAsString(actual))).isEqualTo(json(expected));
    }
}
