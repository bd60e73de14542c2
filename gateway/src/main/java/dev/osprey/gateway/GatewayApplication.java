package dev.osprey.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The gateway: OpenAI-compatible REST on {@code server.port} (8080 by default, loopback only unless
 * keys are configured) and the public gRPC {@code osprey.v1.Completions} on {@code spring.grpc.server.port}.
 */
@SpringBootApplication
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
