package dev.osprey.inference.server.batch;

import dev.osprey.inference.server.InferenceStartupException;
import dev.osprey.inference.server.ServedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Starts the {@link BatchWorker} when {@code osprey.inference.batch.enabled=true}, on the served model's
 * engine and the registry {@code InferenceMetrics} uses. Fails startup with an
 * {@link InferenceStartupException} (reported by the inference failure analyzer) when no Kafka bootstrap
 * servers are configured. The worker closes before the engine does (it depends on the served model).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("osprey.inference.batch.enabled")
@EnableConfigurationProperties(BatchWorkerProperties.class)
public class BatchWorkerConfiguration {
    /** Environment variable naming the Kafka bootstrap servers of every Osprey service. */
    public static final String BOOTSTRAP_ENV = "OSPREY_KAFKA_BOOTSTRAP";

    @Bean(destroyMethod = "close")
    BatchWorker batchWorker(BatchWorkerProperties properties, ServedModel served, ObjectProvider<MeterRegistry> registry,
                            Environment environment) {
        String bootstrap = bootstrapServers(properties, environment);
        return BatchWorker.start(properties.withBootstrapServers(bootstrap), served,
                registry.getIfAvailable(() -> Metrics.globalRegistry), workerName(served.name(), environment));
    }

    /**
     * {@code osprey.inference.batch.bootstrap-servers}, else {@value #BOOTSTRAP_ENV}, else
     * {@code spring.kafka.bootstrap-servers}.
     *
     * @throws InferenceStartupException when none is set
     */
    static String bootstrapServers(BatchWorkerProperties properties, Environment environment) {
        if (properties.bootstrapServers() != null) {
            return properties.bootstrapServers();
        }
        for (String key : new String[] {BOOTSTRAP_ENV, "spring.kafka.bootstrap-servers"}) {
            String value = environment.getProperty(key);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        throw new InferenceStartupException("the batch worker is enabled (osprey.inference.batch.enabled=true) but no"
                + " Kafka bootstrap servers are configured",
                "Set osprey.inference.batch.bootstrap-servers (or the environment variable " + BOOTSTRAP_ENV
                        + ", or spring.kafka.bootstrap-servers) to the brokers' host:port list, or set"
                        + " osprey.inference.batch.enabled=false.", null);
    }

    /** {@code <model>@<host>/<pid>}, the worker name written into results. */
    private static String workerName(String model, Environment environment) {
        String host = environment.getProperty("HOSTNAME", environment.getProperty("COMPUTERNAME", "localhost"));
        return model + "@" + host + "/" + ProcessHandle.current().pid();
    }
}
