package dev.osprey.inference.server.batch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.osprey.api.v1.BatchControlRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The set of cancelled batches, read from the whole control topic with a group-less consumer that
 * {@code assign}s every partition from the beginning. The latest {@code BatchControlRecord} of a batch
 * decides. Owned by the worker's thread: {@link #catchUp} once, then {@link #poll} every loop.
 */
final class CancelledBatches implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CancelledBatches.class);
    /** How often to look again for the control topic's partitions while it has none. */
    private static final Duration REASSIGN_EVERY = Duration.ofSeconds(5);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Set<String> cancelled = new HashSet<>();
    private long lastAssignNanos;

    CancelledBatches(Consumer<String, byte[]> consumer, String topic) {
        this.consumer = consumer;
        this.topic = topic;
    }

    /**
     * Assigns the topic's partitions and reads them up to their current end, or until {@code timeout}
     * passes; so that a batch cancelled before this worker started is known before its first request.
     */
    void catchUp(Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        assign();
        if (consumer.assignment().isEmpty()) {
            log.warn("control topic {} has no partitions yet; cancellations are not seen until it does", topic);
            return;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), timeout);
        while (System.nanoTime() < end && !reached(ends)) {
            apply(consumer.poll(Duration.ofMillis(50)));
        }
        if (!reached(ends)) {
            log.warn("control topic {}: not read to its end within {}; reading on in the background", topic, timeout);
        }
    }

    /** Reads what arrived without waiting; returns the batches cancelled by it (and not before). */
    Set<String> poll() {
        if (consumer.assignment().isEmpty()) {
            if (System.nanoTime() - lastAssignNanos < REASSIGN_EVERY.toNanos()) {
                return Set.of();
            }
            assign();
        }
        return apply(consumer.poll(Duration.ZERO));
    }

    boolean isCancelled(String batchId) {
        return cancelled.contains(batchId);
    }

    private void assign() {
        lastAssignNanos = System.nanoTime();
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            return;
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Set<String> apply(ConsumerRecords<String, byte[]> records) {
        Map<String, Boolean> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            BatchControlRecord control;
            try {
                control = BatchControlRecord.parseFrom(r.value() == null ? new byte[0] : r.value());
            } catch (InvalidProtocolBufferException e) {
                log.warn("control record {}-{}@{} is not a BatchControlRecord; ignored: {}", r.topic(), r.partition(),
                        r.offset(), e.getMessage());
                continue;
            }
            String batch = control.getBatchId().isEmpty() ? r.key() : control.getBatchId();
            if (batch == null || batch.isEmpty()) {
                log.warn("control record {}-{}@{} names no batch; ignored", r.topic(), r.partition(), r.offset());
                continue;
            }
            latest.put(batch, control.getCancelled());
        }
        Set<String> newly = new HashSet<>();
        latest.forEach((batch, isCancelled) -> {
            if (isCancelled ? cancelled.add(batch) : cancelled.remove(batch)) {
                log.info("batch {} {}", batch, isCancelled ? "cancelled" : "no longer cancelled");
                if (isCancelled) {
                    newly.add(batch);
                }
            }
        });
        return newly;
    }

    /** Closes the consumer, waiting at most {@code timeout}. */
    void close(Duration timeout) {
        consumer.close(CloseOptions.timeout(timeout));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
