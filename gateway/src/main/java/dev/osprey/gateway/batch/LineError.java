package dev.osprey.gateway.batch;

import java.util.Objects;

/**
 * One entry of a failed batch's {@code errors.data}: why the input was refused.
 *
 * @param code    e.g. {@code invalid_json_line}, {@code duplicate_custom_id}, {@code invalid_url}, {@code empty_file}
 * @param message for a person
 * @param param   the offending field ({@code custom_id}, {@code body.messages}), or null
 * @param line    the 1-based input line, or null for an error about the whole file
 */
public record LineError(String code, String message, String param, Long line) {
    public LineError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
