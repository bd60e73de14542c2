package dev.osprey.gateway.openai;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's {@code logit_bias}: a JSON object mapping token ids, written as decimal strings, to a bias
 * in [-100, 100] added to that token's logit. Whether the ids are inside the model's vocabulary is
 * the inference service's check.
 */
final class LogitBias {
    static final String FIELD = "logit_bias";
    static final int MAX_ENTRIES = 300;
    static final double MAX_BIAS = 100;

    private LogitBias() {}

    /** The biases of {@code f}'s {@code logit_bias}, by token id; empty when absent. */
    static Map<Integer, Float> read(JsonFields f) {
        JsonNode v = f.raw(FIELD);
        if (v == null) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw ApiException.wrongType(FIELD, "an object mapping token ids to bias values", JsonFields.describe(v));
        }
        if (v.size() > MAX_ENTRIES) {
            throw ApiException.outOfRange(FIELD, "at most " + MAX_ENTRIES + " token ids, but got " + v.size() + ".");
        }
        Map<Integer, Float> biases = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            biases.put(tokenId(e.getKey()), bias(e.getKey(), e.getValue()));
        }
        return Map.copyOf(biases);
    }

    private static int tokenId(String key) {
        if (key.isEmpty() || key.length() > 10 || !key.chars().allMatch(c -> c >= '0' && c <= '9')
                || Long.parseLong(key) > Integer.MAX_VALUE) {
            throw ApiException.invalidRequest(FIELD, "invalid_value", "Invalid '" + FIELD + "': the key '" + key
                    + "' is not a token id; keys must be non-negative integers (as strings) up to "
                    + Integer.MAX_VALUE + ".");
        }
        return Integer.parseInt(key);
    }

    private static float bias(String key, JsonNode value) {
        if (!value.isNumber()) {
            throw ApiException.invalidRequest(FIELD, "invalid_type", "Invalid '" + FIELD + "': the bias of token "
                    + key + " must be a number in [-100, 100], but got " + JsonFields.describe(value) + " instead.");
        }
        double d = value.doubleValue();
        if (!(d >= -MAX_BIAS && d <= MAX_BIAS)) {
            throw ApiException.invalidRequest(FIELD, "invalid_value", "Invalid '" + FIELD + "': the bias of token "
                    + key + " must be in [-100, 100], but got " + value.asString() + " instead.");
        }
        return (float) d;
    }
}
