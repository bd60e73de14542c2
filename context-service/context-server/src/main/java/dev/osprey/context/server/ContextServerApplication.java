package dev.osprey.context.server;

import dev.osprey.internalauth.InternalAuthConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The context service: gRPC {@code osprey.v1.Context}, health and reflection, port 9093 by default. */
@SpringBootApplication
@Import(InternalAuthConfiguration.class)
public class ContextServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ContextServerApplication.class, args);
    }
}
