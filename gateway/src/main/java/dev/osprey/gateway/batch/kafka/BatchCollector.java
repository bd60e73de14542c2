package dev.osprey.gateway.batch.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.osprey.api.v1.BatchResultRecord;
import dev.osprey.gateway.batch.BatchOutcome;
import dev.osprey.gateway.batch.BatchService;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the results topic and hands every result to {@link BatchService#onResult}, which stores it
 * keyed by custom_id (a redelivered result changes nothing). Offsets are committed only after the
 * poll's results are stored, so a crash redelivers rather than loses. One thread; {@link #close}
 * stops it.
 */
public final class BatchCollector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchCollector.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final BatchService service;
    private final Supplier<String> modelName;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param modelName the served model's name, for the response bodies */
    BatchCollector(Consumer<String, byte[]> consumer, String topic, BatchService service, Supplier<String> modelName) {
        this.consumer = consumer;
        this.topic = topic;
        this.service = service;
        this.modelName = modelName;
        this.thread = new Thread(this::run, "osprey-batch-collector");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    for (ConsumerRecord<String, byte[]> record : records) {
                        handle(record);
                    }
                } catch (RuntimeException e) {
                    log.warn("Storing batch results failed; retrying this poll's records: {}", e.toString());
                    rewind(records);
                    Thread.sleep(RETRY.toMillis());
                    continue;
                }
                consumer.commitSync();
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("The batch result collector stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Back to each partition's first record of this poll, so they are read again (results are idempotent). */
    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).getFirst().offset());
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        BatchResultRecord result;
        try {
            result = BatchResultRecord.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            log.warn("Skipping an unreadable result at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        service.onResult(result.getBatchId(), result.getCustomId(), outcome(result));
    }

    private BatchOutcome outcome(BatchResultRecord result) {
        if (result.hasGeneration()) {
            return new BatchOutcome.Succeeded(200, BatchResponseBodies.of(result.getUrl(), modelName.get(),
                    result.getGeneration(), System.currentTimeMillis() / 1000));
        }
        return new BatchOutcome.Failed(result.getError().getCode(), result.getError().getMessage());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
