package dev.osprey.inference.server.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.BatchControlRecord;
import dev.osprey.api.v1.BatchRequestRecord;
import dev.osprey.api.v1.BatchResultRecord;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.Priority;
import dev.osprey.kafka.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An embedded broker with one set of batch topics per test ({@code <name>.requests} with two partitions,
 * {@code <name>.results}, {@code <name>.control}), a producer for requests and control records, and
 * readers of the results topic and of a group's committed offsets.
 */
final class BatchKafka implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final KafkaProducer<String, byte[]> producer;

    /** The three topics of one test. */
    record Topics(String requests, String results, String control) {
    }

    BatchKafka(Path dir) {
        kafka = EmbeddedKafka.start(dir);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    Topics topics(String name) {
        Topics t = new Topics(name + ".requests", name + ".results", name + ".control");
        kafka.createTopics(Map.of(t.requests(), 2, t.results(), 1, t.control(), 1));
        return t;
    }

    /** Settings for a worker on these topics; a 20 ms poll keeps the tests quick. */
    BatchWorkerProperties properties(Topics t, String group, int slots, Map<String, String> client) {
        return new BatchWorkerProperties(true, kafka.bootstrapServers(), group, slots, t.requests(), t.results(),
                t.control(), Duration.ofMillis(20), Duration.ofSeconds(10), client);
    }

    /** The record the gateway would produce for line {@code line} of a batch. */
    static BatchRequestRecord request(String batch, String customId, long line, GenerateRequest.Builder generate) {
        return BatchRequestRecord.newBuilder()
                .setBatchId(batch)
                .setCustomId(customId)
                .setUrl("/v1/completions")
                .setLine(line)
                .setGenerate(generate.setRequestId(batch + "/" + customId).setPriority(Priority.BATCH))
                .build();
    }

    static GenerateRequest.Builder greedy(String text, int maxTokens) {
        return GenerateRequest.newBuilder().setText(text).setTemperature(0).setMaxTokens(maxTokens);
    }

    void send(Topics t, List<BatchRequestRecord> requests) {
        for (BatchRequestRecord r : requests) {
            sendRaw(t, r.getBatchId(), r.toByteArray());
        }
    }

    void sendRaw(Topics t, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(t.requests(), key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("producing to " + t.requests() + " failed", e);
        }
    }

    void cancel(Topics t, String batch) {
        try {
            producer.send(new ProducerRecord<>(t.control(), batch,
                    BatchControlRecord.newBuilder().setBatchId(batch).setCancelled(true).build().toByteArray()))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("producing to " + t.control() + " failed", e);
        }
    }

    /**
     * Reads the whole results topic until {@code done} holds for the results read so far, or fails after
     * {@code timeout}.
     */
    List<BatchResultRecord> awaitResults(Topics t, Predicate<List<BatchResultRecord>> done, Duration timeout) {
        List<BatchResultRecord> results = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(t.results()).stream()
                    .map(p -> new TopicPartition(t.results(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = System.nanoTime() + timeout.toNanos();
            while (!done.test(results)) {
                assertThat(System.nanoTime() - end).as("results after %s: %s", timeout, results.size()).isNegative();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    BatchResultRecord result = BatchResultRecord.parseFrom(r.value());
                    assertThat(r.key()).as("results are keyed by batch id").isEqualTo(result.getBatchId());
                    results.add(result);
                }
            }
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("a result is not a BatchResultRecord", e);
        }
        return results;
    }

    /** Whether {@code group} committed every partition of the requests topic up to its end. */
    boolean committedToEnd(Topics t, String group) {
        try (var admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = new HashMap<>();
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(t.requests()).stream()
                        .map(p -> new TopicPartition(t.requests(), p.partition())).toList();
                ends.putAll(consumer.endOffsets(partitions));
            }
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long position = c == null ? 0 : c.offset();
                if (position != e.getValue()) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            throw new AssertionError("reading the offsets of group " + group + " failed", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        kafka.close();
    }
}
