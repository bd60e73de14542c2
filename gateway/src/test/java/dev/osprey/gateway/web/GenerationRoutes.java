package dev.osprey.gateway.web;

import dev.osprey.gateway.FakeUpstreams;
import dev.osprey.gateway.access.RateLimiter;
import dev.osprey.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunctions;

/** {@code /v1/completions} and {@code /v1/chat/completions} over the real handlers and pipeline, on {@link FakeUpstreams}. */
final class GenerationRoutes {
    private GenerationRoutes() {}

    static WebTestClient client(FakeUpstreams upstreams) {
        JsonBodies bodies = new JsonBodies(new GatewayProperties("t", "c", "i", List.of(), null, Duration.ofSeconds(10),
                new GatewayProperties.Limits(0, 0), DataSize.ofMegabytes(1), null));
        RateGate gate = new RateGate(RateLimiter.systemClock());
        GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
        Responder responder = new Responder(bodies, upstreams.tokenPieces(), gate, metrics);
        GenerationHandlers generation = new GenerationHandlers(bodies, upstreams.pipeline(), gate, responder, metrics);
        return WebTestClient.bindToRouterFunction(RouterFunctions.route()
                        .POST("/v1/completions", generation::completions)
                        .POST("/v1/chat/completions", generation::chat)
                        .build())
                .handlerStrategies(HandlerStrategies.builder().exceptionHandler(new ApiErrorHandler()).build())
                .build();
    }
}
