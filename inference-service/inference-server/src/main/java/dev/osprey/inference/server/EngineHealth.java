package dev.osprey.inference.server;

import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.engine.serve.InferenceEngine;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's state on the standard gRPC health service. */
final class EngineHealth {
    private static final Logger log = LoggerFactory.getLogger(EngineHealth.class);

    private EngineHealth() {
    }

    /**
     * Reports {@code osprey.v1.Inference} SERVING now, and it and the whole server ({@code ""}) NOT_SERVING
     * once the engine thread dies: the engine then refuses every request, so the server should leave the
     * load balancer's rotation and be restarted.
     */
    static void report(InferenceEngine engine, HealthStatusManager health) {
        health.setStatus(InferenceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        engine.onFailure(cause -> {
            log.error("the inference engine stopped ({}); health is NOT_SERVING", cause.toString());
            health.setStatus(InferenceGrpc.SERVICE_NAME, ServingStatus.NOT_SERVING);
            health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.NOT_SERVING);
        });
    }
}
