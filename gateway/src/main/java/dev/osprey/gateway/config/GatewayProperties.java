package dev.osprey.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's settings ({@code osprey.gateway.*}), validated at startup. The REST port and bind
 * address are Spring's {@code server.port} and {@code server.address}; the public gRPC port is
 * {@code spring.grpc.server.port}.
 *
 * @param tokenizer      host:port of the tokenizer service
 * @param context        host:port of the context service
 * @param inference      host:port of the inference service
 * @param apiKeys        keys from configuration: a plain key or a stored {@code sha256:} hash each
 * @param keyFile        a key file ({@code <name> <secret> [rpm=N] [tpm=N] [admin]} per line), re-read when it changes
 * @param keyFileReload  how often the key file is checked for changes
 * @param defaultLimits  limits of key-file entries that name none (0 = unlimited)
 * @param maxBodySize    larger request bodies are refused with 413
 * @param modelNotice    a warning shown in /v1/models and at startup (e.g. a fallback demo model)
 */
@ConfigurationProperties("osprey.gateway")
@Validated
public record GatewayProperties(
        @DefaultValue("localhost:9091") @NotBlank String tokenizer,
        @DefaultValue("localhost:9093") @NotBlank String context,
        @DefaultValue("localhost:9092") @NotBlank String inference,
        @DefaultValue List<@Valid Key> apiKeys,
        @Nullable Path keyFile,
        @DefaultValue("10s") Duration keyFileReload,
        @DefaultValue @Valid Limits defaultLimits,
        @DefaultValue("8MB") DataSize maxBodySize,
        @Nullable String modelNotice) {

    public GatewayProperties {
        apiKeys = List.copyOf(apiKeys);
        if (keyFileReload.isNegative() || keyFileReload.isZero()) {
            throw new IllegalArgumentException("osprey.gateway.key-file-reload must be positive");
        }
        if (maxBodySize.toBytes() <= 0) {
            throw new IllegalArgumentException("osprey.gateway.max-body-size must be positive");
        }
    }

    /**
     * One API key from configuration.
     *
     * @param name identifies the key in limits, logs and errors (never the secret)
     * @param key  the plain key, or its stored form from {@code HashedSecret} ({@code sha256:<salt>:<digest>})
     * @param rpm  requests per minute, 0 = unlimited
     * @param tpm  tokens (prompt + completion) per minute, 0 = unlimited
     * @param admin may read, list, cancel and delete every key's files, batches, sessions and repositories
     */
    public record Key(@NotBlank String name, @NotBlank String key, @DefaultValue("0") @PositiveOrZero long rpm,
                      @DefaultValue("0") @PositiveOrZero long tpm, @DefaultValue("false") boolean admin) {}

    /** Requests and tokens per minute, 0 = unlimited. */
    public record Limits(@DefaultValue("0") @PositiveOrZero long rpm, @DefaultValue("0") @PositiveOrZero long tpm) {}
}
