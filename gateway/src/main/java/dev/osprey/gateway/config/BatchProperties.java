package dev.osprey.gateway.config;

import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The Batch API's settings ({@code osprey.gateway.batch.*}).
 *
 * @param dir         where files, batches and results are kept (default {@code ${user.home}/.osprey/batches})
 * @param maxFileSize larger uploads are refused with 413
 * @param maxLines    most requests in one batch; a larger input fails validation
 */
@ConfigurationProperties("osprey.gateway.batch")
@Validated
public record BatchProperties(@Nullable Path dir, @DefaultValue("100MB") DataSize maxFileSize,
                              @DefaultValue("50000") @Positive long maxLines) {

    public BatchProperties {
        if (dir == null) {
            dir = Path.of(System.getProperty("user.home"), ".osprey", "batches");
        }
        if (maxFileSize.toBytes() <= 0) {
            throw new IllegalArgumentException("osprey.gateway.batch.max-file-size must be positive");
        }
    }
}
