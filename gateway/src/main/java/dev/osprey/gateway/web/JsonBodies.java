package dev.osprey.gateway.web;

import dev.osprey.gateway.config.GatewayProperties;
import dev.osprey.gateway.openai.ApiException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request body as JSON within the size limit: 413 above it, 400 for an empty body or
 * malformed JSON (with the parser's location). The content type was checked before routing
 * ({@link ContentTypeFilter}: application/json only).
 */
@Component
public class JsonBodies {
    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final long maxBytes;

    public JsonBodies(GatewayProperties properties) {
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    public Mono<JsonNode> read(ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            return Mono.error(ApiException.bodyTooLarge(maxBytes));
        }
        return DataBufferUtils.join(request.exchange().getRequest().getBody(), (int) Math.min(maxBytes, Integer.MAX_VALUE))
                .map(buffer -> {
                    RequestTiming timing = request.exchange().getAttribute(RequestTiming.ATTRIBUTE);
                    if (timing != null) {
                        timing.bodyReceivedNanos = System.nanoTime();
                    }
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return bytes;
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .onErrorMap(DataBufferLimitException.class, e -> ApiException.bodyTooLarge(maxBytes))
                .switchIfEmpty(Mono.error(() -> ApiException.malformedJson("the body is empty")))
                .map(this::parse);
    }

    private JsonNode parse(byte[] bytes) {
        try {
            return mapper.readTree(bytes);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            int noise = message.indexOf(" (start marker at");
            throw ApiException.malformedJson((noise < 0 ? message : message.substring(0, noise)) + location(e));
        }
    }

    private static String location(JacksonException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
