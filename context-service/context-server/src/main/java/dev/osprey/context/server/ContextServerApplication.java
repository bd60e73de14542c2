package dev.osprey.context.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The context service: gRPC {@code osprey.v1.Context}, health and reflection, port 9093 by default. */
@SpringBootApplication
public class ContextServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ContextServerApplication.class, args);
    }
}
