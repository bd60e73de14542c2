package dev.osprey.gateway.batch;

import tools.jackson.databind.JsonNode;

/**
 * One validated input line.
 *
 * @param line     1-based line number in the input file
 * @param customId the line's {@code custom_id}, unique within the file
 * @param url      the endpoint, equal to the batch's ({@code /v1/completions} or {@code /v1/chat/completions})
 * @param body     the request body as the line gave it, already accepted by the endpoint's parser;
 *                 {@code stream} is absent or false
 */
public record BatchLine(long line, String customId, String url, JsonNode body) {}
