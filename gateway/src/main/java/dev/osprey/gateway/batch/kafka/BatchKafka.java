package dev.osprey.gateway.batch.kafka;

import dev.osprey.gateway.batch.BatchQueue;
import dev.osprey.gateway.batch.BatchService;
import dev.osprey.gateway.completion.CompletionPipeline;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Kafka clients for the Batch API: the queue that plans and produces requests, and the
 * collector that stores results. {@link #close} stops the collector first, then the clients.
 */
public final class BatchKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchKafka.class);

    private final String bootstrap;
    private final BatchTopics topics;
    private final Admin admin;
    private final Producer<String, byte[]> producer;
    private final KafkaBatchQueue queue;
    private volatile BatchCollector collector;

    private BatchKafka(String bootstrap, BatchTopics topics, Admin admin, Producer<String, byte[]> producer,
                       KafkaBatchQueue queue) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.admin = admin;
        this.producer = producer;
        this.queue = queue;
    }

    /** Creates the clients (no connection is made until they are used). */
    public static BatchKafka connect(String bootstrap, BatchTopics topics, CompletionPipeline pipeline) {
        Admin admin = Admin.create(KafkaClients.admin(bootstrap, "osprey-gateway-admin"));
        Producer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(bootstrap, "osprey-gateway-batch"));
        return new BatchKafka(bootstrap, topics, admin, producer,
                new KafkaBatchQueue(admin, producer, topics, new BatchLinePlanner(pipeline)));
    }

    public BatchQueue queue() {
        return queue;
    }

    /** Creates missing topics; a broker that is away is logged, not fatal (submissions answer 503 meanwhile). */
    public void ensureTopics(short replication) {
        try {
            List<String> created = TopicSetup.ensure(admin, topics, replication);
            if (!created.isEmpty()) {
                log.info("Created Kafka topics {} on {}", created, bootstrap);
            }
        } catch (Exception e) {
            log.warn("Could not check the Batch API's topics on {} ({}); batch submissions answer 503 until it is reachable",
                    bootstrap, e.toString());
        }
    }

    /** Starts storing results from the results topic in {@code service}, as consumer group {@code groupId}. */
    public synchronized void startCollector(BatchService service, String groupId, Supplier<String> modelName) {
        if (collector != null) {
            throw new IllegalStateException("the collector is running already");
        }
        collector = new BatchCollector(new KafkaConsumer<>(KafkaClients.consumer(bootstrap, "osprey-gateway-collector",
                groupId)), topics.results(), service, modelName);
        collector.start();
    }

    @Override
    public void close() throws InterruptedException {
        BatchCollector running = collector;
        if (running != null) {
            running.close();
        }
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
