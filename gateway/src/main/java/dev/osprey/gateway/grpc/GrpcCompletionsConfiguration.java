package dev.osprey.gateway.grpc;

import dev.osprey.api.v1.CompletionsGrpc;
import dev.osprey.gateway.access.AccessDecision;
import dev.osprey.gateway.access.AccessPolicy;
import dev.osprey.gateway.access.KeyRegistry;
import dev.osprey.gateway.access.RateLimiter;
import dev.osprey.gateway.completion.CompletionPipeline;
import dev.osprey.gateway.completion.TokenPieces;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves {@code osprey.v1.Completions} on Spring gRPC's server ({@code spring.grpc.server.port}):
 * the service behind {@link AccessInterceptor} (only this service: health and reflection stay open),
 * SERVING on the standard health service once the context is up, and the REST gateway's bind rule
 * for the gRPC address: without API keys it must be a loopback address, or the gateway does not start.
 */
@Configuration(proxyBeanMethods = false)
public class GrpcCompletionsConfiguration {
    private static final Logger log = LoggerFactory.getLogger(GrpcCompletionsConfiguration.class);

    @Bean
    BindableService completionsService(CompletionPipeline pipeline, TokenPieces pieces, RateLimiter limiter,
                                       KeyRegistry keys, @Value("${spring.grpc.server.address:}") String address) {
        AccessDecision decision = AccessPolicy.check(address.isBlank() ? "0.0.0.0" : address, keys.hasKeys());
        if (decision instanceof AccessDecision.Open open) {
            log.info("gRPC: {}", open.note());
        }
        decision.orThrow();
        return bind(new CompletionsGrpcService(pipeline, pieces, limiter), new AccessInterceptor(keys));
    }

    /** The service with {@code access} in front of each of its methods. */
    static BindableService bind(CompletionsGrpcService service, AccessInterceptor access) {
        ServerServiceDefinition definition = ServerInterceptors.intercept(service, access);
        return () -> definition;
    }

    /** Marks {@code osprey.v1.Completions} SERVING once every singleton exists. */
    @Bean
    SmartInitializingSingleton completionsHealthStatus(ObjectProvider<HealthStatusManager> health) {
        return () -> health.ifAvailable(manager -> manager.setStatus(CompletionsGrpc.SERVICE_NAME, ServingStatus.SERVING));
    }
}
