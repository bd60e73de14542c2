package dev.osprey.standalone;

import dev.osprey.standalone.model.ModelDownloadException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./osprey serve [--model M] [--port P] [--host H] [--grpc-port P] [--home DIR] [--no-kafka]
 * [--kafka-bootstrap HOST:PORT] [--name=value ...]}: starts the embedded default and prints where it listens, the model, and a
 * curl line to try. Further {@code --key=value} arguments are Spring properties (for example
 * {@code --osprey.gateway.key-file=/etc/osprey/keys}).
 */
public final class OspreyServe {
    private OspreyServe() {}

    public static void main(String[] args) throws InterruptedException {
        StackOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("osprey serve: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Optional<String> refusal = BindCheck.refusal(options);
        if (refusal.isPresent()) {
            System.err.println("osprey serve: " + refusal.get());
            System.exit(2);
            return;
        }
        PrintStream console = System.out;
        long start = System.nanoTime();
        OspreyStack stack;
        try {
            stack = OspreyStack.start(options, System.err);
        } catch (ModelDownloadException | IllegalArgumentException | HomeLock.HomeInUseException e) {
            System.err.println("osprey serve: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "osprey-shutdown"));
        console.print(Banner.text(stack, (System.nanoTime() - start) / 1_000_000));
        console.flush();
        stopped.await();
    }

    static final String USAGE = """
            Usage: ./osprey serve [--model FILE.gguf | hf:OWNER/REPO/FILE.gguf] [--port 8080] [--host 127.0.0.1]
                                  [--grpc-port 9090] [--home DIR] [--no-kafka] [--kafka-bootstrap HOST:PORT]
                                  [--kv-type f16|q8_0|f32] [--kv-budget 512MB|40%] [--context TOKENS]
                                  [--spring.property=value ...]
            OSPREY_KAFKA_BOOTSTRAP=HOST:PORT uses an external Kafka cluster instead of the embedded broker.""";

    static StackOptions parse(String[] args) {
        return parse(args, System.getenv("OSPREY_KAFKA_BOOTSTRAP"));
    }

    /**
     * {@code externalKafka}: bootstrap servers of a cluster to use instead of the embedded broker
     * ({@code OSPREY_KAFKA_BOOTSTRAP}; {@code --kafka-bootstrap} wins).
     */
    static StackOptions parse(String[] args, String externalKafka) {
        String model = null;
        String host = StackOptions.DEFAULT_HOST;
        int port = StackOptions.DEFAULT_PORT;
        int grpcPort = StackOptions.DEFAULT_GRPC_PORT;
        Path home = StackOptions.defaultHome();
        boolean kafka = true;
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--model", "--port", "--host", "--grpc-port", "--home", "--kafka-bootstrap", "--kv-type",
                     "--kv-budget", "--context" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--model" -> model = value;
                        case "--port" -> port = port(name, value);
                        case "--grpc-port" -> grpcPort = port(name, value);
                        case "--host" -> host = value;
                        case "--kafka-bootstrap" -> externalKafka = value;
                        case "--kv-type" -> properties.put("osprey.inference.kv-type", value);
                        case "--kv-budget" -> properties.put("osprey.inference.kv-budget", value);
                        case "--context" -> properties.put("osprey.inference.context-tokens", value);
                        default -> home = Path.of(value);
                    }
                }
                case "--no-kafka" -> kafka = false;
                default -> {
                    if (!arg.startsWith("--") || inline == null) {
                        throw new IllegalArgumentException("unknown argument '" + arg + "'");
                    }
                    properties.put(name.substring(2), inline);
                }
            }
        }
        if (externalKafka != null && !externalKafka.isBlank()) {
            kafka = false;
            properties.putIfAbsent("osprey.gateway.kafka.bootstrap-servers", externalKafka);
            properties.putIfAbsent("osprey.inference.batch.enabled", "true");
            properties.putIfAbsent("osprey.inference.batch.bootstrap-servers", externalKafka);
        }
        return new StackOptions(model, host, port, grpcPort, home, kafka, properties);
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a port number in [0, 65535], but got '" + value + "'");
        }
    }
}
