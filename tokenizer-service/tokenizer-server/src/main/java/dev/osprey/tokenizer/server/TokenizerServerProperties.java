package dev.osprey.tokenizer.server;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The tokenizer server's settings ({@code osprey.tokenizer.*}), validated at startup.
 *
 * @param models        model name → path of a GGUF file or a Hugging Face tokenizer.json; when empty,
 *                      the bundled DeepSeek-Coder vocabulary is served as {@value BundledVocabulary#MODEL_NAME}.
 *                      A name with dots needs brackets in YAML keys: {@code "[qwen2.5-coder]"}.
 * @param defaultModel  the model an empty request model name selects; may be left out when there is
 *                      only one model
 * @param maxInputBytes most UTF-8 bytes of text in one request (RESOURCE_EXHAUSTED above)
 * @param maxIds        most token ids in one Decode request (RESOURCE_EXHAUSTED above)
 */
@ConfigurationProperties("osprey.tokenizer")
@Validated
public record TokenizerServerProperties(
        @DefaultValue Map<@NotBlank String, @NotNull Path> models,
        @Nullable String defaultModel,
        @DefaultValue("8MB") @NotNull DataSize maxInputBytes,
        @DefaultValue("1048576") @Positive int maxIds) {

    public TokenizerServerProperties {
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        defaultModel = defaultModel == null || defaultModel.isBlank() ? null : defaultModel.strip();
        if (maxInputBytes != null && maxInputBytes.toBytes() <= 0) {
            throw new IllegalArgumentException("osprey.tokenizer.max-input-bytes must be positive, was " + maxInputBytes);
        }
        if (models.isEmpty()) {
            if (defaultModel != null && !defaultModel.equals(BundledVocabulary.MODEL_NAME)) {
                throw new IllegalArgumentException("osprey.tokenizer.default-model is '" + defaultModel
                        + "' but no models are configured (osprey.tokenizer.models), so the only model is the bundled '"
                        + BundledVocabulary.MODEL_NAME + "'");
            }
        } else if (defaultModel == null && models.size() > 1) {
            throw new IllegalArgumentException("osprey.tokenizer.default-model must name one of "
                    + String.join(", ", models.keySet()) + " when more than one model is configured");
        } else if (defaultModel != null && !models.containsKey(defaultModel)) {
            throw new IllegalArgumentException("osprey.tokenizer.default-model '" + defaultModel
                    + "' is not a configured model; osprey.tokenizer.models has " + String.join(", ", models.keySet()));
        }
    }

    /** The default model's name: the configured one, the only configured model, or the bundled one. */
    public String defaultModelName() {
        if (defaultModel != null) {
            return defaultModel;
        }
        return models.isEmpty() ? BundledVocabulary.MODEL_NAME : models.keySet().iterator().next();
    }

    public RequestLimits limits() {
        return new RequestLimits(maxInputBytes.toBytes(), maxIds);
    }
}
