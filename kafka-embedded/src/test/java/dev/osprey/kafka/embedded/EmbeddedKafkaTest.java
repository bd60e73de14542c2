package dev.osprey.kafka.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaTest {

    static final String TOPIC = "osprey.batch.requests";
    static final int RECORDS = 30;

    @TempDir
    Path dir;

    @Test
    void producesConsumesAndKeepsRecordsAcrossARestartOnTheSameDirectory() throws Exception {
        List<String> sent = IntStream.range(0, RECORDS).mapToObj(i -> "request-" + i).toList();
        int firstPort;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            firstPort = kafka.port();
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + firstPort);
            assertThat(kafka.createTopics(Map.of(TOPIC, 3))).containsExactly(TOPIC);
            assertThat(partitions(kafka, TOPIC)).isEqualTo(3);

            produce(kafka, sent);
            List<ConsumerRecord<String, String>> received = consume(kafka, "workers", RECORDS);
            assertThat(received).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(received.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                    .as("keys spread over the three partitions").containsExactlyInAnyOrder(0, 1, 2);
        }
        assertPortFree(firstPort);

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
            assertThat(kafka.createTopics(Map.of(TOPIC, 3))).as("the topic survived the restart").isEmpty();
            assertThat(partitions(kafka, TOPIC)).isEqualTo(3);
            assertThat(consume(kafka, "auditors", RECORDS)).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(sent);
            assertThat(consume(kafka, "workers", 0)).as("the group's committed offsets survived too").isEmpty();
        }
    }

    @Test
    void listensOnTheRequestedPortAndReleasesItOnClose() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(dir, port, Map.of("num.partitions", "2"));
        try {
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(kafka.createTopics(Map.of("a", 1, "b", 4))).containsExactlyInAnyOrder("a", "b");
            assertThat(partitions(kafka, "b")).isEqualTo(4);
            assertThat(kafka.createTopics(Map.of("a", 1, "c", 2))).containsExactly("c");
        } finally {
            kafka.close();
            kafka.close(); // idempotent
        }
        assertPortFree(port);
        assertPortFree(kafka.controllerPort());
    }

    @Test
    void rejectsAnInvalidPort() {
        assertThatThrownBy(() -> EmbeddedKafka.start(dir, 70_000, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }

    private static int partitions(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().size();
        }
    }

    private static void produce(EmbeddedKafka kafka, List<String> values) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (var producer = new KafkaProducer<String, String>(config)) {
            for (int i = 0; i < values.size(); i++) {
                // Explicit partitions: every partition gets records whatever the default partitioner does.
                producer.send(new ProducerRecord<>(TOPIC, i % 3, "batch-" + i, values.get(i))).get();
            }
        }
    }

    /** Reads until {@code expected} records arrived (then commits), or for a few seconds when 0 are expected. */
    private static List<ConsumerRecord<String, String>> consume(EmbeddedKafka kafka, String group, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(config)) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(expected == 0 ? 4 : 60).toNanos();
            while (System.nanoTime() < deadline && (expected == 0 || records.size() < expected)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.commitSync();
        }
        assertThat(records).hasSize(expected);
        return records;
    }

    private static void assertPortFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
