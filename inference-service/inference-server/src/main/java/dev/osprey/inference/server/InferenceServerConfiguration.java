package dev.osprey.inference.server;

import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.model.ModelConfig;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the engine into Spring: loads the model and starts the engine (failing startup with a report
 * naming the file and the setting when it cannot), exposes the gRPC service and its meters, and
 * reports SERVING on the standard health service once the engine runs. The engine and the model are
 * closed on shutdown.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InferenceServerProperties.class)
public class InferenceServerConfiguration {
    private static final Logger log = LoggerFactory.getLogger(InferenceServerConfiguration.class);

    @Bean(destroyMethod = "close")
    ServedModel servedModel(InferenceServerProperties properties) {
        long start = System.nanoTime();
        EngineOptions options = (properties.threads() == null ? EngineOptions.defaults()
                : EngineOptions.defaults().withThreads(properties.threads())).withKvType(properties.kvCacheType());
        ServedModel served = ServedModel.start(properties.servedModelName(), properties.modelPath(), options,
                properties.engineConfig());
        ModelConfig config = served.model().config();
        log.info("Serving model '{}' from {}: {}, {} layers, vocabulary {}, context {}; {} threads, {} backend;"
                        + " KV cache {} ({} bytes per token): {} blocks of {} tokens, {} tokens in {} bytes, context window {};"
                        + " loaded in {} ms",
                served.name(), properties.modelPath(), config.architecture(), config.layers(), config.vocabSize(),
                config.contextLength(), served.model().threads(), served.model().backend(),
                served.model().kvType().label(), served.model().kvShape().bytesPerToken(),
                served.engine().stats().kvBlocksTotal(), properties.blockSize(), served.engine().kvCapacityTokens(),
                served.engine().kvBytes(), served.engine().contextWindow(), (System.nanoTime() - start) / 1_000_000);
        return served;
    }

    @Bean(destroyMethod = "close")
    InferenceMetrics inferenceMetrics(ServedModel served, ObjectProvider<MeterRegistry> registry) {
        return new InferenceMetrics(registry.getIfAvailable(() -> Metrics.globalRegistry), served.name(), served.engine());
    }

    @Bean
    InferenceGrpcService inferenceGrpcService(ServedModel served, InferenceMetrics metrics,
                                              InferenceServerProperties properties) {
        return new InferenceGrpcService(served, metrics, properties.stream().limits());
    }

    /**
     * Marks {@code osprey.v1.Inference} SERVING once every singleton, the started engine included, exists,
     * and NOT_SERVING should the engine thread die.
     */
    @Bean
    SmartInitializingSingleton inferenceHealthStatus(ServedModel served, ObjectProvider<HealthStatusManager> health) {
        return () -> health.ifAvailable(manager -> EngineHealth.report(served.engine(), manager));
    }
}
