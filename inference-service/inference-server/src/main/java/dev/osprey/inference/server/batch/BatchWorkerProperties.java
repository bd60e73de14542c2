package dev.osprey.inference.server.batch;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The batch worker's settings ({@code osprey.inference.batch.*}), validated at startup. The worker runs
 * only when {@code enabled}; it then needs Kafka bootstrap servers, taken from {@code bootstrap-servers},
 * else the environment variable {@code OSPREY_KAFKA_BOOTSTRAP}, else {@code spring.kafka.bootstrap-servers}
 * (see {@link BatchWorkerConfiguration}).
 *
 * @param enabled          consume batch requests from Kafka
 * @param bootstrapServers Kafka's {@code host:port[,host:port...]}; null to take it from the environment
 * @param groupId          the consumer group the inference workers share
 * @param slots            batch requests in the engine at once; more records are not fetched until one ends
 * @param requestsTopic    {@code BatchRequestRecord}s, keyed by batch id
 * @param resultsTopic     {@code BatchResultRecord}s, keyed by batch id
 * @param controlTopic     {@code BatchControlRecord}s, read whole by every worker
 * @param pollTimeout      longest wait in one poll of the requests topic (also bounds how late a
 *                         cancellation or a freed slot is noticed)
 * @param shutdownTimeout  on shutdown, how long running requests may finish and have their results
 *                         acknowledged before they are abandoned to redelivery
 * @param client           extra Kafka client properties for the consumers and the producer (security,
 *                         timeouts); the worker's own settings (group, commits, idempotence) win
 */
@ConfigurationProperties("osprey.inference.batch")
@Validated
public record BatchWorkerProperties(
        @DefaultValue("false") boolean enabled,
        @Nullable String bootstrapServers,
        @DefaultValue("osprey-inference") @NotBlank String groupId,
        @DefaultValue("8") @Positive int slots,
        @DefaultValue("osprey.batch.requests") @NotBlank String requestsTopic,
        @DefaultValue("osprey.batch.results") @NotBlank String resultsTopic,
        @DefaultValue("osprey.batch.control") @NotBlank String controlTopic,
        @DefaultValue("200ms") @NotNull Duration pollTimeout,
        @DefaultValue("10s") @NotNull Duration shutdownTimeout,
        @DefaultValue Map<String, String> client) {

    public BatchWorkerProperties {
        bootstrapServers = bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers.strip();
        client = client == null ? Map.of() : Map.copyOf(client);
        if (pollTimeout != null && (pollTimeout.isNegative() || pollTimeout.isZero())) {
            throw new IllegalArgumentException("osprey.inference.batch.poll-timeout must be positive, was " + pollTimeout);
        }
        if (shutdownTimeout != null && shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("osprey.inference.batch.shutdown-timeout must not be negative, was "
                    + shutdownTimeout);
        }
    }

    /** Enabled settings with every default, for {@code bootstrapServers}. */
    public static BatchWorkerProperties defaults(String bootstrapServers) {
        return new BatchWorkerProperties(true, bootstrapServers, "osprey-inference", 8, "osprey.batch.requests",
                "osprey.batch.results", "osprey.batch.control", Duration.ofMillis(200), Duration.ofSeconds(10), Map.of());
    }

    public BatchWorkerProperties withBootstrapServers(String servers) {
        return new BatchWorkerProperties(enabled, servers, groupId, slots, requestsTopic, resultsTopic, controlTopic,
                pollTimeout, shutdownTimeout, client);
    }

    public BatchWorkerProperties withGroupId(String group) {
        return new BatchWorkerProperties(enabled, bootstrapServers, group, slots, requestsTopic, resultsTopic,
                controlTopic, pollTimeout, shutdownTimeout, client);
    }

    public BatchWorkerProperties withSlots(int n) {
        return new BatchWorkerProperties(enabled, bootstrapServers, groupId, n, requestsTopic, resultsTopic,
                controlTopic, pollTimeout, shutdownTimeout, client);
    }

    public BatchWorkerProperties withPollTimeout(Duration timeout) {
        return new BatchWorkerProperties(enabled, bootstrapServers, groupId, slots, requestsTopic, resultsTopic,
                controlTopic, timeout, shutdownTimeout, client);
    }
}
