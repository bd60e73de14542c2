package dev.osprey.tokenizer.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The models a server serves, by name, one of them the default that an empty name selects.
 * Immutable and thread-safe.
 */
public final class ModelRegistry {
    private final Map<String, ServedModel> models;
    private final ServedModel defaultModel;

    /**
     * @param models       at least one model, names unique; the order is kept for listings
     * @param defaultModel the name of one of {@code models}
     * @throws IllegalArgumentException when {@code models} is empty, repeats a name, or lacks {@code defaultModel}
     */
    public ModelRegistry(List<ServedModel> models, String defaultModel) {
        Objects.requireNonNull(defaultModel, "defaultModel");
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a model registry needs at least one model");
        }
        Map<String, ServedModel> byName = new LinkedHashMap<>();
        for (ServedModel model : models) {
            if (byName.putIfAbsent(model.name(), model) != null) {
                throw new IllegalArgumentException("model name '" + model.name() + "' is used twice");
            }
        }
        this.models = Collections.unmodifiableMap(byName);
        this.defaultModel = byName.get(defaultModel);
        if (this.defaultModel == null) {
            throw new IllegalArgumentException("default model '" + defaultModel + "' is not one of "
                    + String.join(", ", byName.keySet()));
        }
    }

    /**
     * @param name a model name, or empty (or null) for the default model
     * @throws UnknownModelException listing the served models when there is no model of that name
     */
    public ServedModel resolve(String name) {
        if (name == null || name.isEmpty()) {
            return defaultModel;
        }
        ServedModel model = models.get(name);
        if (model == null) {
            throw new UnknownModelException(name, names());
        }
        return model;
    }

    public ServedModel defaultModel() {
        return defaultModel;
    }

    /** The models in configuration order. */
    public List<ServedModel> models() {
        return List.copyOf(models.values());
    }

    public List<String> names() {
        return List.copyOf(models.keySet());
    }
}
