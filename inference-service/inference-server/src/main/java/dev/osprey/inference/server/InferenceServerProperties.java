package dev.osprey.inference.server;

import dev.osprey.engine.kvpages.KvType;
import dev.osprey.engine.serve.EngineConfig;
import dev.osprey.engine.serve.KvBudget;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The inference server's settings ({@code osprey.inference.*}), validated at startup.
 *
 * @param modelPath           the GGUF file to serve (required)
 * @param modelName           the name clients use; default: the file name without {@code .gguf}
 * @param threads             forward-pass threads; default: all cores
 * @param kvBudget            native memory for the paged KV cache: a size ({@code 512MB}) or a share of the
 *                            memory free at startup ({@code 40%}); must hold one full context window
 * @param kvType              KV cache element type: {@code f16} (llama.cpp's default), {@code q8_0} or {@code f32}
 * @param contextTokens       tokens one sequence may hold; 0 for the model's trained context
 * @param blockSize           tokens per KV block
 * @param maxBatchTokens      tokens per forward pass (at least max-running-sequences)
 * @param maxRunningSequences sequences holding KV blocks at once
 * @param maxWaitingRequests  requests queued beyond the running ones (RESOURCE_EXHAUSTED above)
 * @param stream              what a Generate call may hold back for a slow reader
 */
@ConfigurationProperties("osprey.inference")
@Validated
public record InferenceServerProperties(
        @NotNull(message = "must name the GGUF model file to serve") Path modelPath,
        @Nullable String modelName,
        @Nullable @Positive Integer threads,
        @DefaultValue("512MB") @NotNull String kvBudget,
        @DefaultValue("f16") @NotNull String kvType,
        @DefaultValue("0") @PositiveOrZero int contextTokens,
        @DefaultValue("16") @Positive int blockSize,
        @DefaultValue("256") @Positive int maxBatchTokens,
        @DefaultValue("16") @Positive int maxRunningSequences,
        @DefaultValue("256") @PositiveOrZero int maxWaitingRequests,
        @DefaultValue @NotNull Stream stream) {

    public InferenceServerProperties {
        modelName = modelName == null || modelName.isBlank() ? null : modelName.strip();
        if (kvBudget != null) {
            try {
                KvBudget.parse(kvBudget);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("osprey.inference.kv-budget: " + e.getMessage(), e);
            }
        }
        if (kvType != null) {
            try {
                KvType.parse(kvType);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("osprey.inference.kv-type: " + e.getMessage(), e);
            }
        }
        if (maxBatchTokens > 0 && maxBatchTokens < maxRunningSequences) {
            throw new IllegalArgumentException("osprey.inference.max-batch-tokens (" + maxBatchTokens
                    + ") must be at least osprey.inference.max-running-sequences (" + maxRunningSequences
                    + "): every running sequence decodes one token per step");
        }
    }

    /** The configured name, else the model file's name without its {@code .gguf} extension. */
    public String servedModelName() {
        if (modelName != null) {
            return modelName;
        }
        String file = modelPath.getFileName().toString();
        return file.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf") ? file.substring(0, file.length() - 5) : file;
    }

    /**
     * {@code osprey.inference.stream.*}; see {@link StreamLimits}.
     *
     * @param maxBufferedEvents token events held per call while the client is not ready
     * @param stallTimeout      how long a call may stay full before its generation is cancelled
     */
    public record Stream(@DefaultValue("256") @Positive int maxBufferedEvents,
                         @DefaultValue("30s") @NotNull Duration stallTimeout) {

        public StreamLimits limits() {
            return new StreamLimits(maxBufferedEvents, stallTimeout);
        }
    }

    /** The engine settings, a share-of-free-memory budget resolved against the memory free now. */
    public EngineConfig engineConfig() {
        return new EngineConfig(blockSize, KvBudget.parse(kvBudget).resolve(), maxBatchTokens, maxRunningSequences,
                maxWaitingRequests, contextTokens);
    }

    public KvType kvCacheType() {
        return KvType.parse(kvType);
    }
}
