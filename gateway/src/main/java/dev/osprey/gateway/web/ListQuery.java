package dev.osprey.gateway.web;

import dev.osprey.gateway.openai.ApiException;
import org.springframework.web.reactive.function.server.ServerRequest;

/** The {@code limit} and {@code after} query parameters of OpenAI's list endpoints (400 for a bad limit). */
record ListQuery(int limit, String after) {

    static ListQuery of(ServerRequest request, int defaultLimit, int maxLimit) {
        String after = request.queryParam("after").filter(s -> !s.isBlank()).orElse(null);
        String text = request.queryParam("limit").orElse(null);
        if (text == null || text.isBlank()) {
            return new ListQuery(defaultLimit, after);
        }
        int limit;
        try {
            limit = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.wrongType("limit", "an integer", "'" + text + "'");
        }
        if (limit < 1 || limit > maxLimit) {
            throw ApiException.outOfRange("limit", "expected a value from 1 to " + maxLimit + ", but got " + limit
                    + " instead.");
        }
        return new ListQuery(limit, after);
    }
}
