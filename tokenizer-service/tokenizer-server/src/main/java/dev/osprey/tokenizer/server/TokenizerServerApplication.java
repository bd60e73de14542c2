package dev.osprey.tokenizer.server;

import dev.osprey.internalauth.InternalAuthConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The tokenizer service: gRPC {@code osprey.v1.Tokenizer}, health and reflection, port 9091 by default. */
@SpringBootApplication
@Import(InternalAuthConfiguration.class)
public class TokenizerServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TokenizerServerApplication.class, args);
    }
}
