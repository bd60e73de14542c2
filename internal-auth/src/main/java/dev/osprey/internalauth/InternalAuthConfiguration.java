package dev.osprey.internalauth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Imported by every internal gRPC server: refuses to start an unauthenticated non-loopback listener
 * (before the server binds), and puts the token check in front of every service on it.
 */
@Configuration(proxyBeanMethods = false)
public class InternalAuthConfiguration {

    @Bean
    @GlobalServerInterceptor
    InternalAuth internalAuth(Environment environment) {
        String service = environment.getProperty("spring.application.name", "internal service");
        return InternalAuth.forListener(service, InternalAuthProperties.from(environment));
    }
}
