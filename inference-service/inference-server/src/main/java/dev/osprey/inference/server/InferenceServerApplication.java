package dev.osprey.inference.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The inference service: gRPC {@code osprey.v1.Inference}, health and reflection, port 9092 by default. */
@SpringBootApplication
public class InferenceServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(InferenceServerApplication.class, args);
    }
}
