package dev.osprey.tokenizer.server;

import dev.osprey.api.v1.TokenizerGrpc;
import dev.osprey.tokenizer.Vocabulary;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the plain tokenizer objects into Spring: loads the configured models (failing startup with
 * the model's name and path when one cannot be loaded), exposes the gRPC service, and reports it
 * SERVING on the standard health service once the models are loaded.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenizerServerProperties.class)
public class TokenizerServerConfiguration {
    private static final Logger log = LoggerFactory.getLogger(TokenizerServerConfiguration.class);

    @Bean
    ModelRegistry modelRegistry(TokenizerServerProperties properties) {
        List<ServedModel> models = new ArrayList<>();
        if (properties.models().isEmpty()) {
            log.info("No models configured (osprey.tokenizer.models); serving the bundled vocabulary as '{}'",
                    BundledVocabulary.MODEL_NAME);
            models.add(logged(System.nanoTime(), BundledVocabulary.load()));
        }
        for (Map.Entry<String, Path> entry : properties.models().entrySet()) {
            long start = System.nanoTime();
            models.add(logged(start, ServedModel.load(entry.getKey(), entry.getValue())));
        }
        ModelRegistry registry = new ModelRegistry(models, properties.defaultModelName());
        log.info("Serving {} model(s): {}; default '{}'", models.size(), String.join(", ", registry.names()),
                registry.defaultModel().name());
        return registry;
    }

    private static ServedModel logged(long startNanos, ServedModel model) {
        Vocabulary vocabulary = model.tokenizer().vocabulary();
        log.info("Loaded model '{}' from {}: {} vocabulary of {} tokens, pre-tokenizer {}, in {} ms", model.name(),
                model.source(), vocabulary.model().ggufName(), vocabulary.size(), vocabulary.preTokenizer(),
                (System.nanoTime() - startNanos) / 1_000_000);
        return model;
    }

    @Bean
    TokenizerGrpcService tokenizerGrpcService(ModelRegistry models, TokenizerServerProperties properties,
                                              ObjectProvider<GrpcServerProperties> grpcServer) {
        RequestLimits limits = properties.limits();
        grpcServer.ifAvailable(server -> {
            long inbound = server.getInbound().getMessage().getMaxSize().toBytes();
            if (inbound < limits.maxInputBytes()) {
                log.warn("spring.grpc.server.inbound.message.max-size ({} bytes) is below osprey.tokenizer.max-input-bytes"
                        + " ({} bytes): larger requests are refused by the transport before the size check",
                        inbound, limits.maxInputBytes());
            }
        });
        return new TokenizerGrpcService(models, limits);
    }

    /** Marks {@code osprey.v1.Tokenizer} SERVING once every singleton, the model registry included, exists. */
    @Bean
    SmartInitializingSingleton tokenizerHealthStatus(ObjectProvider<HealthStatusManager> health) {
        return () -> health.ifAvailable(manager -> manager.setStatus(TokenizerGrpc.SERVICE_NAME, ServingStatus.SERVING));
    }
}
