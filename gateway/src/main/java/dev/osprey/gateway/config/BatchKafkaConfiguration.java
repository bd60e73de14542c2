package dev.osprey.gateway.config;

import dev.osprey.gateway.batch.BatchLine;
import dev.osprey.gateway.batch.BatchQueue;
import dev.osprey.gateway.batch.BatchService;
import dev.osprey.gateway.batch.BatchUnavailableException;
import dev.osprey.gateway.batch.kafka.BatchKafka;
import dev.osprey.gateway.batch.kafka.BatchTopics;
import dev.osprey.gateway.completion.CompletionPipeline;
import dev.osprey.gateway.completion.ModelCatalog;
import dev.osprey.gateway.completion.ModelProfile;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * The Batch API's Kafka side when {@code osprey.gateway.kafka.bootstrap-servers} is set: the queue
 * that plans and produces requests, topics created if missing, and the result collector started once
 * the application is ready (after unfinished batches are recovered). Without Kafka the queue refuses
 * submissions with 503 and says what to configure.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BatchKafkaProperties.class)
public class BatchKafkaConfiguration {

    @Bean(destroyMethod = "close")
    BatchKafkaHolder batchKafka(BatchKafkaProperties properties, CompletionPipeline pipeline) {
        if (!properties.configured()) {
            return new BatchKafkaHolder(null);
        }
        BatchTopics topics = new BatchTopics(properties.requestsTopic(), properties.requestPartitions(),
                properties.resultsTopic(), properties.resultPartitions(), properties.controlTopic());
        return new BatchKafkaHolder(BatchKafka.connect(properties.bootstrapServers(), topics, pipeline));
    }

    @Bean
    BatchQueue batchQueue(BatchKafkaHolder kafka) {
        return kafka.kafka() != null ? kafka.kafka().queue() : new Unconfigured();
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> batchCollectorStarter(BatchKafkaHolder kafka, BatchKafkaProperties properties,
                                                                     ObjectProvider<BatchService> service,
                                                                     ModelCatalog catalog) {
        return event -> {
            if (kafka.kafka() == null) {
                return;
            }
            kafka.kafka().ensureTopics(properties.replication());
            BatchService batches = service.getObject();
            batches.recover();
            kafka.kafka().startCollector(batches, properties.collectorGroup(), () -> catalog.served()
                    .map(ModelProfile::name)
                    .onErrorReturn("")
                    .blockOptional(Duration.ofSeconds(10))
                    .orElse(""));
        };
    }

    /** The clients, absent when Kafka is not configured. */
    record BatchKafkaHolder(@Nullable BatchKafka kafka) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    /** The queue when no Kafka is configured: every submission is refused with what to set. */
    private static final class Unconfigured implements BatchQueue {
        @Override
        public void checkAvailable() {
            throw new BatchUnavailableException("The Batch API needs Kafka: set OSPREY_KAFKA_BOOTSTRAP (or "
                    + "osprey.gateway.kafka.bootstrap-servers) to the cluster's bootstrap servers.", null);
        }

        @Override
        public Mono<Void> enqueue(String batchId, String owner, String endpoint, List<BatchLine> lines) {
            return Mono.error(new BatchUnavailableException("The Batch API needs Kafka.", null));
        }

        @Override
        public Mono<Void> cancel(String batchId) {
            return Mono.error(new BatchUnavailableException("The Batch API needs Kafka.", null));
        }
    }
}
