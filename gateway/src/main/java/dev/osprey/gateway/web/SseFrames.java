package dev.osprey.gateway.web;

import dev.osprey.gateway.openai.ApiException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Server-Sent Events framed exactly as OpenAI frames them: {@code data: <json>\n\n} per chunk and
 * {@code data: [DONE]\n\n} at the end; an error after the stream started is one
 * {@code data: {"error": …}} frame.
 */
final class SseFrames {
    private static final byte[] PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUFFIX = "\n\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper mapper;
    private final DataBufferFactory buffers;

    SseFrames(ObjectMapper mapper, DataBufferFactory buffers) {
        this.mapper = mapper;
        this.buffers = buffers;
    }

    DataBuffer data(JsonNode json) {
        byte[] body = mapper.writeValueAsBytes(json);
        DataBuffer buffer = buffers.allocateBuffer(PREFIX.length + body.length + SUFFIX.length);
        buffer.write(PREFIX);
        buffer.write(body);
        buffer.write(SUFFIX);
        return buffer;
    }

    DataBuffer done() {
        return buffers.wrap(DONE);
    }

    DataBuffer error(ApiException e) {
        return data(ErrorBodies.of(e));
    }
}
