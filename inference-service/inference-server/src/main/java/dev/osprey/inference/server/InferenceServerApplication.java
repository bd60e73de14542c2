package dev.osprey.inference.server;

import dev.osprey.internalauth.InternalAuthConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The inference service: gRPC {@code osprey.v1.Inference}, health and reflection, port 9092 by default. */
@SpringBootApplication
@Import(InternalAuthConfiguration.class)
public class InferenceServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(InferenceServerApplication.class, args);
    }
}
