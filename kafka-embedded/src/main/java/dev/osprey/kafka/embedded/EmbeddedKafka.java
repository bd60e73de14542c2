package dev.osprey.kafka.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A single-node Kafka in KRaft combined mode (broker and controller in this JVM) on loopback.
 *
 * <p>The log directory is formatted on the first start (a new cluster id, the latest production metadata
 * version, a static one-voter quorum) and reused on later starts, so topics, records and committed offsets
 * survive a restart. The broker listens on {@code 127.0.0.1:port} (PLAINTEXT, advertised as such); the
 * controller on another loopback port chosen at each start. Internal topics use replication factor 1 and
 * min ISR 1. Kafka's loggers are set to WARN unless the application configured them (see {@link KafkaLogLevels}).
 *
 * <p>Not thread-safe for start and close; {@link #bootstrapServers()} and {@link #createTopics(Map)} may be called
 * from any thread while it runs.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;
    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private final KafkaRaftServer server;
    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, Path logDir, int port, int controllerPort) {
        this.server = server;
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Starts a broker on an ephemeral port with its data in {@code logDir}. */
    public static EmbeddedKafka start(Path logDir) {
        return start(logDir, 0, Map.of());
    }

    /**
     * Starts a broker and returns once it accepts clients.
     *
     * @param logDir    its data directory: created and formatted when it holds no {@code meta.properties},
     *                  reused otherwise
     * @param port      the client port on 127.0.0.1, or 0 for an ephemeral one
     * @param overrides broker properties that replace the defaults (e.g. {@code num.partitions})
     * @throws IllegalStateException when the directory cannot be formatted or the broker does not start
     */
    public static EmbeddedKafka start(Path logDir, int port, Map<String, String> overrides) {
        Objects.requireNonNull(logDir, "logDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (ephemeral) or 1-65535, was " + port);
        }
        KafkaLogLevels.quiet();
        long started = System.nanoTime();
        Path dir = logDir.toAbsolutePath();
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Properties properties = properties(dir, brokerPort, controllerPort);
        overrides.forEach(properties::setProperty);
        KafkaConfig config = KafkaConfig.fromProps(properties, false);
        formatIfNew(dir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw new IllegalStateException("Embedded Kafka did not start on 127.0.0.1:" + brokerPort
                    + " with log directory " + dir + ": " + e.getMessage(), e);
        }
        log.info("Embedded Kafka listening on 127.0.0.1:{} (log directory {}), started in {} ms",
                brokerPort, dir, (System.nanoTime() - started) / 1_000_000);
        return new EmbeddedKafka(server, dir, brokerPort, controllerPort);
    }

    static Properties properties(Path dir, int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("process.roles", "broker,controller");
        p.put("listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort + ","
                + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("log.dirs", dir.toString());
        p.put("metadata.log.dir", dir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", Long.toString(4L * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        Properties properties = new Properties();
        properties.putAll(p);
        return properties;
    }

    private static void formatIfNew(Path dir) {
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dir);
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setMetadataLogDirectory(dir.toString())
                    .addDirectory(dir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Could not format the Kafka log directory " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:PORT}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** The controller's port; clients never use it. */
    int controllerPort() {
        return controllerPort;
    }

    public Path logDir() {
        return logDir;
    }

    /**
     * Creates each topic that does not exist yet, with the given number of partitions and replication factor 1.
     * Topics that exist are left as they are, whatever their partition count.
     *
     * @return the names of the topics created by this call
     * @throws IllegalStateException when the broker refuses or does not answer within 30 s
     */
    public Set<String> createTopics(Map<String, Integer> partitionsByTopic) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = partitionsByTopic.entrySet().stream()
                    .filter(e -> !existing.contains(e.getKey()))
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                    .toList();
            Set<String> created = new HashSet<>();
            for (var result : admin.createTopics(missing).values().entrySet()) {
                try {
                    result.getValue().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    created.add(result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return Set.copyOf(created);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + partitionsByTopic.keySet(), e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Could not create topics " + partitionsByTopic.keySet() + " on "
                    + bootstrapServers() + ": " + cause, cause);
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "osprey-embedded-kafka-admin"));
    }

    /** Shuts the broker and controller down and waits until their ports are released. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        log.info("Embedded Kafka on 127.0.0.1:{} stopped in {} ms", port, (System.nanoTime() - started) / 1_000_000);
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException ignored) {
            // The start failure is the error worth reporting.
        }
    }

    /**
     * A loopback port that is free now. Another process could take it before the broker binds it; the broker
     * then fails to start with a bind error rather than silently using another port.
     */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }
}
