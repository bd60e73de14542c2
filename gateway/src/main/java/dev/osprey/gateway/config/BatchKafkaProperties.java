package dev.osprey.gateway.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka for the Batch API ({@code osprey.gateway.kafka.*}).
 *
 * @param bootstrapServers   the cluster (environment: {@code OSPREY_KAFKA_BOOTSTRAP}); empty: the Batch API
 *                           answers 503 saying Kafka is not configured
 * @param requestsTopic      planned requests, keyed by batch id
 * @param requestPartitions  partitions of the requests topic when the gateway creates it
 * @param resultsTopic       results from the inference workers
 * @param resultPartitions   partitions of the results topic when the gateway creates it
 * @param controlTopic       batch cancellations, read whole by every worker
 * @param replication        replication factor of topics the gateway creates
 * @param collectorGroup     the consumer group of the gateways' result collectors
 */
@ConfigurationProperties("osprey.gateway.kafka")
@Validated
public record BatchKafkaProperties(
        @DefaultValue("") String bootstrapServers,
        @DefaultValue("osprey.batch.requests") @NotBlank String requestsTopic,
        @DefaultValue("3") @Min(1) int requestPartitions,
        @DefaultValue("osprey.batch.results") @NotBlank String resultsTopic,
        @DefaultValue("3") @Min(1) int resultPartitions,
        @DefaultValue("osprey.batch.control") @NotBlank String controlTopic,
        @DefaultValue("1") @Min(1) short replication,
        @DefaultValue("osprey-gateway-collector") @NotBlank String collectorGroup) {

    public boolean configured() {
        return !bootstrapServers.isBlank();
    }
}
