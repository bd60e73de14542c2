package dev.osprey.gateway.openai;

import static dev.osprey.gateway.TestJson.json;
import static dev.osprey.gateway.openai.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private static JsonFields body(String text) {
        return JsonFields.body(json(text));
    }

    @Test
    void bodyMustBeAnObject() {
        ApiException e = rejected(() -> JsonFields.body(json("[1]")));
        assertThat(e.getMessage()).isEqualTo("The request body must be a JSON object, but got an array.");
        assertThat(e.param()).isNull();
        assertThat(e.code()).isEqualTo("invalid_type");
        assertThat(rejected(() -> JsonFields.body(null)).getMessage()).endsWith("but got nothing.");
    }

    @Test
    void wrongTypeNamesTheNestedPathAndTheJsonType() {
        JsonFields message = JsonFields.object(json("{'content': 7, 'name': true}"), "messages[0]");
        ApiException e = rejected(() -> message.string("content"));
        assertThat(e.getMessage()).isEqualTo(
                "Invalid type for 'messages[0].content': expected a string, but got an integer instead.");
        assertThat(e.param()).isEqualTo("messages[0].content");
        assertThat(e.code()).isEqualTo("invalid_type");
        assertThat(rejected(() -> message.integer("name", 0, 10)).getMessage()).isEqualTo(
                "Invalid type for 'messages[0].name': expected an integer, but got a boolean instead.");
    }

    @Test
    void describesEveryJsonType() {
        JsonFields f = body("{'s': 'x', 'i': 1, 'd': 1.5, 'b': false, 'a': [], 'o': {}}");
        assertThat(rejected(() -> f.bool("s")).getMessage()).endsWith("but got a string instead.");
        assertThat(rejected(() -> f.string("i")).getMessage()).endsWith("but got an integer instead.");
        assertThat(rejected(() -> f.string("d")).getMessage()).endsWith("but got a decimal instead.");
        assertThat(rejected(() -> f.string("b")).getMessage()).endsWith("but got a boolean instead.");
        assertThat(rejected(() -> f.string("a")).getMessage()).endsWith("but got an array instead.");
        assertThat(rejected(() -> f.string("o")).getMessage()).endsWith("but got an object instead.");
        assertThat(rejected(() -> f.array("o")).getMessage())
                .isEqualTo("Invalid type for 'o': expected an array, but got an object instead.");
        assertThat(rejected(() -> f.object("a")).getMessage())
                .isEqualTo("Invalid type for 'a': expected an object, but got an array instead.");
    }

    @Test
    void integersAcceptWholeDecimalsOnly() {
        JsonFields f = body("{'whole': 2.0, 'half': 2.5, 'text': '2'}");
        assertThat(f.integer("whole", 1, 16)).hasValue(2);
        assertThat(rejected(() -> f.integer("half", 1, 16)).getMessage())
                .isEqualTo("Invalid type for 'half': expected an integer, but got a decimal instead.");
        assertThat(rejected(() -> f.integer("text", 1, 16)).getMessage())
                .isEqualTo("Invalid type for 'text': expected an integer, but got a string instead.");
    }

    @Test
    void integerRangesUseOpenAisMessages() {
        JsonFields f = body("{'low': 0, 'high': 17, 'huge': 100000000000000000000000000000,"
                + " 'hugeNegative': -100000000000000000000000000000}");
        ApiException low = rejected(() -> f.integer("low", 1, 16));
        assertThat(low.getMessage()).isEqualTo(
                "Invalid 'low': integer below minimum value. Expected a value >= 1, but got 0 instead.");
        assertThat(low.param()).isEqualTo("low");
        assertThat(low.code()).isEqualTo("invalid_value");
        assertThat(rejected(() -> f.integer("high", 1, 16)).getMessage()).isEqualTo(
                "Invalid 'high': integer above maximum value. Expected a value <= 16, but got 17 instead.");
        assertThat(rejected(() -> f.longInteger("huge", 0, Long.MAX_VALUE)).getMessage())
                .isEqualTo("Invalid 'huge': integer above maximum value. Expected a value <= "
                        + Long.MAX_VALUE + ", but got 100000000000000000000000000000 instead.");
        assertThat(rejected(() -> f.longInteger("hugeNegative", Long.MIN_VALUE, 0)).getMessage())
                .isEqualTo("Invalid 'hugeNegative': integer below minimum value. Expected a value >= "
                        + Long.MIN_VALUE + ", but got -100000000000000000000000000000 instead.");
        assertThat(f.integer("high", 17, 17)).hasValue(17);
    }

    @Test
    void numberRangesUseOpenAisMessages() {
        JsonFields f = body("{'t': 2.5, 'neg': -0.1, 'whole': -3, 'inf': 1e400, 'ok': 1, 's': 'hot'}");
        assertThat(rejected(() -> f.number("t", 0, 2)).getMessage()).isEqualTo(
                "Invalid 't': decimal above maximum value. Expected a value <= 2, but got 2.5 instead.");
        assertThat(rejected(() -> f.number("neg", 0, 2)).getMessage()).isEqualTo(
                "Invalid 'neg': decimal below minimum value. Expected a value >= 0, but got -0.1 instead.");
        assertThat(rejected(() -> f.number("whole", -2, 2)).getMessage()).isEqualTo(
                "Invalid 'whole': decimal below minimum value. Expected a value >= -2, but got -3 instead.");
        assertThat(rejected(() -> f.number("inf", 0, 2)).getMessage()).isEqualTo(
                "Invalid 'inf': decimal above maximum value. Expected a value <= 2, but got Infinity instead.");
        assertThat(rejected(() -> f.number("s", 0, 2)).getMessage())
                .isEqualTo("Invalid type for 's': expected a number, but got a string instead.");
        assertThat(f.number("ok", 0, 2)).hasValue(1.0);
    }

    @Test
    void nullIsAbsent() {
        JsonFields f = body("{'x': null}");
        assertThat(f.has("x")).isFalse();
        assertThat(f.raw("x")).isNull();
        assertThat(f.string("x")).isEmpty();
        assertThat(f.bool("x", true)).isTrue();
        assertThat(f.integer("x", 1, 2)).isEmpty();
        assertThat(f.longInteger("x", 1, 2)).isEmpty();
        assertThat(f.number("x", 1, 2)).isEmpty();
        assertThat(f.array("x")).isEmpty();
        assertThat(f.object("x")).isEmpty();
        assertThat(f.stringOrStrings("x", 4)).isEmpty();
        ApiException e = rejected(() -> f.requireString("x"));
        assertThat(e.getMessage()).isEqualTo("Missing required parameter: 'x'.");
        assertThat(e.code()).isEqualTo("missing_required_parameter");
        assertThat(rejected(() -> JsonFields.object(json("{}"), "messages[3]").requireString("role")).param())
                .isEqualTo("messages[3].role");
    }

    @Test
    void nestedObjectsCarryTheirPath() {
        JsonFields f = body("{'stream_options': {'include_usage': 1}}");
        JsonFields options = f.object("stream_options").orElseThrow();
        assertThat(rejected(() -> options.bool("include_usage")).getMessage()).isEqualTo(
                "Invalid type for 'stream_options.include_usage': expected a boolean, but got an integer instead.");
    }
}
