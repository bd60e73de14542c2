package dev.osprey.gateway.batch.kafka;

import dev.osprey.api.v1.BatchControlRecord;
import dev.osprey.gateway.batch.BatchLine;
import dev.osprey.gateway.batch.BatchQueue;
import dev.osprey.gateway.batch.BatchUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Batch API's queue on Kafka: every line is planned (tokenizer / context service) and produced to
 * the requests topic, keyed by batch id so a batch's records keep their order in one partition, by an
 * idempotent producer; lines the pipeline refuses go straight to the results topic as errors.
 * {@link #enqueue} completes when every record is acknowledged by the broker.
 */
public final class KafkaBatchQueue implements BatchQueue {
    /** Lines planned at once (each is a tokenizer or context-service call). */
    private static final int PLANNING_CONCURRENCY = 8;

    private final Admin admin;
    private final Producer<String, byte[]> producer;
    private final BatchTopics topics;
    private final BatchLinePlanner planner;

    KafkaBatchQueue(Admin admin, Producer<String, byte[]> producer, BatchTopics topics, BatchLinePlanner planner) {
        this.admin = admin;
        this.producer = producer;
        this.topics = topics;
        this.planner = planner;
    }

    @Override
    public void checkAvailable() {
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            if (nodes.isEmpty()) {
                throw new BatchUnavailableException("The Kafka cluster reports no brokers.", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatchUnavailableException("Interrupted while checking the Kafka cluster.", e);
        } catch (Exception e) {
            if (e instanceof BatchUnavailableException u) {
                throw u;
            }
            throw new BatchUnavailableException("The Kafka cluster behind the Batch API cannot be reached ("
                    + e.getClass().getSimpleName() + "). Retry once it is back.", e);
        }
    }

    @Override
    public Mono<Void> enqueue(String batchId, String owner, String endpoint, List<BatchLine> lines) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(lines.size());
        return Flux.fromIterable(lines)
                .flatMapSequential(line -> planner.plan(batchId, owner, line), PLANNING_CONCURRENCY)
                .publishOn(Schedulers.boundedElastic()) // send() may block while metadata is fetched
                .doOnNext(planned -> acks.add(switch (planned) {
                    case BatchLinePlanner.Planned.Request r -> send(topics.requests(), batchId, r.record().toByteArray());
                    case BatchLinePlanner.Planned.Refused r -> send(topics.results(), batchId, r.result().toByteArray());
                }))
                .then(Mono.defer(() -> {
                    producer.flush();
                    return Mono.fromFuture(CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)));
                }))
                .then();
    }

    @Override
    public Mono<Void> cancel(String batchId) {
        byte[] value = BatchControlRecord.newBuilder().setBatchId(batchId).setCancelled(true).build().toByteArray();
        return Mono.fromCallable(() -> send(topics.control(), batchId, value))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture);
    }

    private CompletableFuture<Void> send(String topic, String key, byte[] value) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error == null) {
                ack.complete(null);
            } else {
                ack.completeExceptionally(new BatchUnavailableException("Kafka did not accept a record for "
                        + topic + ": " + error.getMessage(), error));
            }
        });
        return ack;
    }
}
