package dev.osprey.gateway.config;

import dev.osprey.gateway.batch.BatchLimits;
import dev.osprey.gateway.batch.BatchQueue;
import dev.osprey.gateway.batch.BatchService;
import dev.osprey.gateway.batch.BatchStore;
import dev.osprey.gateway.batch.LocalBatchStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Batch API's core: the store in {@code osprey.gateway.batch.dir} and the {@link BatchService} over
 * it and the {@link BatchQueue} (Kafka, configured elsewhere). Whoever starts the result collector calls
 * {@link BatchService#recover()} first, once the application is ready, so that what a previous run left
 * unfinished resumes before new results arrive.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BatchProperties.class)
public class BatchConfiguration {
    private static final Logger log = LoggerFactory.getLogger(BatchConfiguration.class);

    @Bean
    BatchStore batchStore(BatchProperties properties) {
        log.info("Batch API files and results in {}", properties.dir().toAbsolutePath());
        return new LocalBatchStore(properties.dir());
    }

    /**
     * Meters: {@code osprey.batch.gateway.pending} (requests of running batches without a result yet) and
     * {@code osprey.batch.gateway.results} by {@code outcome} (completed, failed). The workers report
     * requests in progress, slot use and consumer lag.
     */
    @Bean
    BatchService batchService(BatchStore store, BatchQueue queue, BatchProperties properties, MeterRegistry registry) {
        BatchService service = new BatchService(store, queue, Clock.systemUTC(),
                new BatchLimits(properties.maxFileSize().toBytes(), properties.maxLines()));
        Gauge.builder("osprey.batch.gateway.pending", service, BatchService::pendingRequests)
                .description("Batch requests queued or running, without a result yet")
                .register(registry);
        FunctionCounter.builder("osprey.batch.gateway.results", service, BatchService::completedResults)
                .tag("outcome", "completed").register(registry);
        FunctionCounter.builder("osprey.batch.gateway.results", service, BatchService::failedResults)
                .tag("outcome", "failed").register(registry);
        return service;
    }

    /** Ends batches whose completion window has passed, once a minute. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService batchExpiry(BatchService service) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "osprey-batch-expiry");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                service.expireOverdue();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(BatchConfiguration.class).warn("Batch expiry failed: {}", e.toString());
            }
        }, 1, 1, TimeUnit.MINUTES);
        return executor;
    }
}
