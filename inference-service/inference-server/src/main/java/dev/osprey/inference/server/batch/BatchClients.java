package dev.osprey.inference.server.batch;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The worker's three Kafka clients. Keys are batch ids (strings), values serialized protobuf. The
 * user's {@code client} properties come first; the settings the worker's guarantees rest on replace them.
 * No client creates topics.
 */
final class BatchClients {
    private BatchClients() {
    }

    /** The request consumer: group {@code group-id}, manual commits, from the earliest offset, {@code slots} records per poll. */
    static KafkaConsumer<String, byte[]> requestConsumer(BatchWorkerProperties p, String bootstrap) {
        Map<String, Object> c = base(p, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, p.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, p.slots());
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The control consumer: no group (partitions are assigned), nothing committed. */
    static KafkaConsumer<String, byte[]> controlConsumer(BatchWorkerProperties p, String bootstrap) {
        Map<String, Object> c = base(p, bootstrap);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The result producer: idempotent, acknowledged by all in-sync replicas. */
    static KafkaProducer<String, byte[]> resultProducer(BatchWorkerProperties p, String bootstrap) {
        Map<String, Object> c = base(p, bootstrap);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
    }

    private static Map<String, Object> base(BatchWorkerProperties p, String bootstrap) {
        Map<String, Object> c = new HashMap<>(p.client());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return c;
    }
}
