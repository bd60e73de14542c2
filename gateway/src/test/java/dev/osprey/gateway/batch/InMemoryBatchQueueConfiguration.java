package dev.osprey.gateway.batch;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Supplies an {@link InMemoryBatchQueue} to application tests that do not exercise Kafka. */
@TestConfiguration(proxyBeanMethods = false)
public class InMemoryBatchQueueConfiguration {

    @Bean
    @Primary
    InMemoryBatchQueue inMemoryBatchQueue() {
        return new InMemoryBatchQueue();
    }
}
