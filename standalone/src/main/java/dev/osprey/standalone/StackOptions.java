package dev.osprey.standalone;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start the embedded default.
 *
 * @param model      a GGUF path or {@code hf:OWNER/REPO/FILE.gguf}; null: the default code model
 * @param host       the gateway's bind address (loopback unless keys are configured)
 * @param port       the REST port; 0 picks a free one
 * @param grpcPort   the public gRPC port; 0 picks a free one
 * @param home       where the stack keeps its data (Kafka log, sessions, repository indexes)
 * @param kafka      whether to start the embedded Kafka broker
 * @param properties further Spring properties for every service (e.g. {@code osprey.gateway.key-file})
 */
public record StackOptions(String model, String host, int port, int grpcPort, Path home, boolean kafka,
                           Map<String, String> properties) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_GRPC_PORT = 9090;

    public StackOptions {
        properties = Map.copyOf(properties);
        if (port < 0 || port > 65535 || grpcPort < 0 || grpcPort > 65535) {
            throw new IllegalArgumentException("ports must be in [0, 65535]");
        }
    }

    /** {@code $OSPREY_HOME}, else {@code ~/.osprey}. */
    public static Path defaultHome() {
        String env = System.getenv("OSPREY_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".osprey");
    }
}
