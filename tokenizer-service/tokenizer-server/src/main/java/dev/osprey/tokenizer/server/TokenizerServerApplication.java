package dev.osprey.tokenizer.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The tokenizer service: gRPC {@code osprey.v1.Tokenizer}, health and reflection, port 9091 by default. */
@SpringBootApplication
public class TokenizerServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TokenizerServerApplication.class, args);
    }
}
