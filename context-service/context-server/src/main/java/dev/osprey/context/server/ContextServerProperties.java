package dev.osprey.context.server;

import dev.osprey.context.index.IndexingLimitException;
import dev.osprey.context.index.IndexingLimits;
import dev.osprey.context.window.Task;
import dev.osprey.context.window.WindowTiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The context server's settings ({@code osprey.context.*}), validated at startup.
 *
 * @param models      the models prompts are planned for; the first is the default. May be empty: the
 *                    service starts and the plan RPCs answer NOT_FOUND naming the model asked for
 * @param sessions    where conversation sessions are stored and when they expire
 * @param indexRoot   where repository indexes are kept; default {@code ~/.osprey/context/index}
 * @param windowTiers window sizes per task, overriding {@link WindowTiers#defaults()} for the tasks given
 * @param inference   the Inference service that summarises older turns, if any
 * @param limits      upload limits of IndexFiles and per-job limits of IndexDirectory
 * @param embeddings  index and search with all-MiniLM-L6-v2 embeddings besides BM25 (in process; about 40–50
 *                    chunks per second on two cores, so off by default)
 * @param allowedRoots the directories of this machine IndexDirectory may index (after resolving symlinks and
 *                    {@code ..}); empty, the default, refuses every IndexDirectory with PERMISSION_DENIED
 */
@ConfigurationProperties("osprey.context")
@Validated
public record ContextServerProperties(
        @DefaultValue List<@Valid Model> models,
        @DefaultValue @Valid Sessions sessions,
        @Nullable Path indexRoot,
        @DefaultValue Map<Task, List<Integer>> windowTiers,
        @DefaultValue @Valid Inference inference,
        @DefaultValue @Valid Limits limits,
        @DefaultValue("false") boolean embeddings,
        @DefaultValue List<Path> allowedRoots) {

    public ContextServerProperties {
        models = List.copyOf(models);
        Set<String> names = new HashSet<>();
        for (Model model : models) {
            if (model.name() != null && !names.add(model.name())) {
                throw new IllegalArgumentException("osprey.context.models: the name '" + model.name()
                        + "' is configured twice");
            }
        }
        indexRoot = indexRoot == null ? Path.of(System.getProperty("user.home"), ".osprey", "context", "index") : indexRoot;
        windowTiers = Map.copyOf(windowTiers);
        allowedRoots = List.copyOf(allowedRoots);
        for (Path root : allowedRoots) {
            if (!root.isAbsolute()) {
                throw new IllegalArgumentException("osprey.context.allowed-roots: '" + root
                        + "' is not an absolute directory");
            }
        }
        tiers(windowTiers); // fails early on tiers that are not positive and ascending
    }

    /** {@link WindowTiers#defaults()} with the configured tasks' tiers replaced. */
    public WindowTiers tiers() {
        return tiers(windowTiers);
    }

    private static WindowTiers tiers(Map<Task, List<Integer>> overrides) {
        Map<Task, List<Integer>> merged = new EnumMap<>(WindowTiers.defaults().tiers());
        merged.putAll(overrides);
        try {
            return new WindowTiers(merged);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("osprey.context.window-tiers: " + e.getMessage());
        }
    }

    /**
     * One model prompts are planned for.
     *
     * @param name          the name requests select it by
     * @param vocabulary    a GGUF file or a Hugging Face tokenizer.json (with its tokenizer_config.json beside it)
     * @param contextLength tokens of context; may be left out for a GGUF that records {@code <arch>.context_length}
     */
    public record Model(
            @NotBlank(message = "must name the model") String name,
            @NotNull(message = "must be a GGUF file or a Hugging Face tokenizer.json") Path vocabulary,
            @Nullable @Positive Integer contextLength) {

        public Model {
            name = name == null ? null : name.strip();
        }
    }

    /** Which database holds the sessions. */
    public enum Store { H2, POSTGRES }

    /**
     * @param store       h2 (embedded, in {@code dir}) or postgres ({@code url}, {@code user}, {@code password})
     * @param dir         the H2 database's directory; default {@code ~/.osprey/context/sessions}
     * @param idleExpiry  a session not written to for this long expires
     * @param expirySweep how often expired sessions are removed for good
     */
    public record Sessions(
            @DefaultValue("h2") @NotNull Store store,
            @Nullable Path dir,
            @Nullable String url,
            @Nullable String user,
            @Nullable String password,
            @DefaultValue("24h") @NotNull Duration idleExpiry,
            @DefaultValue("5m") @NotNull Duration expirySweep) {

        public Sessions {
            dir = dir == null ? Path.of(System.getProperty("user.home"), ".osprey", "context", "sessions") : dir;
            if (idleExpiry != null && (idleExpiry.isNegative() || idleExpiry.isZero())) {
                throw new IllegalArgumentException("osprey.context.sessions.idle-expiry must be positive, was " + idleExpiry);
            }
            if (expirySweep != null && (expirySweep.isNegative() || expirySweep.isZero())) {
                throw new IllegalArgumentException("osprey.context.sessions.expiry-sweep must be positive, was "
                        + expirySweep);
            }
            if (store == Store.POSTGRES) {
                if (url == null || !url.startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("osprey.context.sessions.url must be a PostgreSQL JDBC URL"
                            + " (jdbc:postgresql://host:port/database) when sessions.store is postgres, was " + url);
                }
                if (user == null || user.isBlank()) {
                    throw new IllegalArgumentException("osprey.context.sessions.user is required when sessions.store"
                            + " is postgres");
                }
            }
        }
    }

    /**
     * @param target          host:port of the Inference service; unset: older turns are trimmed extractively
     * @param summaryDeadline how long one summary may take before extraction is used instead
     */
    public record Inference(@Nullable String target, @DefaultValue("5s") @NotNull Duration summaryDeadline) {
        public Inference {
            target = target == null || target.isBlank() ? null : target.strip();
            if (summaryDeadline != null && (summaryDeadline.isNegative() || summaryDeadline.isZero())) {
                throw new IllegalArgumentException("osprey.context.inference.summary-deadline must be positive, was "
                        + summaryDeadline);
            }
        }
    }

    /**
     * @param maxFileSize          a larger file in IndexFiles or IndexDirectory is skipped and reported
     * @param maxFilesPerRequest   more files in one IndexFiles stream fail it with RESOURCE_EXHAUSTED
     * @param maxRequestSize       more content bytes in one IndexFiles stream fail it with RESOURCE_EXHAUSTED
     * @param directoryMaxFiles    more files read by one IndexDirectory fail it with RESOURCE_EXHAUSTED
     * @param directoryMaxSize     more content bytes read by one IndexDirectory fail it with RESOURCE_EXHAUSTED
     * @param directoryMaxDuration an IndexDirectory still reading, chunking or embedding after this long fails
     *                             with RESOURCE_EXHAUSTED
     */
    public record Limits(
            @DefaultValue("1MB") @NotNull DataSize maxFileSize,
            @DefaultValue("20000") @Positive int maxFilesPerRequest,
            @DefaultValue("512MB") @NotNull DataSize maxRequestSize,
            @DefaultValue("100000") @Positive long directoryMaxFiles,
            @DefaultValue("1GB") @NotNull DataSize directoryMaxSize,
            @DefaultValue("10m") @NotNull Duration directoryMaxDuration) {

        public Limits {
            if (maxFileSize != null && maxFileSize.toBytes() <= 0) {
                throw new IllegalArgumentException("osprey.context.limits.max-file-size must be positive, was " + maxFileSize);
            }
            if (directoryMaxSize != null && directoryMaxSize.toBytes() <= 0) {
                throw new IllegalArgumentException("osprey.context.limits.directory-max-size must be positive, was "
                        + directoryMaxSize);
            }
            if (directoryMaxDuration != null && (directoryMaxDuration.isNegative() || directoryMaxDuration.isZero())) {
                throw new IllegalArgumentException("osprey.context.limits.directory-max-duration must be positive, was "
                        + directoryMaxDuration);
            }
            if (maxRequestSize != null && maxRequestSize.toBytes() <= 0) {
                throw new IllegalArgumentException("osprey.context.limits.max-request-size must be positive, was "
                        + maxRequestSize);
            }
        }

        /** The setting that bounds {@code limit}, for messages. */
        static String setting(IndexingLimitException.Limit limit) {
            return switch (limit) {
                case FILES -> "osprey.context.limits.directory-max-files";
                case BYTES -> "osprey.context.limits.directory-max-size";
                case DURATION -> "osprey.context.limits.directory-max-duration";
            };
        }

        public IndexingLimits directoryLimits() {
            return new IndexingLimits(directoryMaxFiles, directoryMaxSize.toBytes(), directoryMaxDuration);
        }

        public RequestLimits requestLimits() {
            return new RequestLimits(maxFileSize.toBytes(), maxFilesPerRequest, maxRequestSize.toBytes());
        }
    }
}
