package dev.osprey.context.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured models by name; the first is the default. */
public final class ModelRegistry {
    private final Map<String, ServedModel> models = new LinkedHashMap<>();

    public ModelRegistry(List<ServedModel> models) {
        for (ServedModel model : models) {
            if (this.models.putIfAbsent(model.name(), model) != null) {
                throw new IllegalArgumentException("model '" + model.name() + "' is configured twice");
            }
        }
    }

    /**
     * The model a request names; an empty name selects the first configured model.
     *
     * @throws UnknownModelException naming the model and the configured ones
     */
    public ServedModel resolve(String name) {
        String wanted = name == null ? "" : name.strip();
        if (models.isEmpty()) {
            throw new UnknownModelException((wanted.isEmpty() ? "no model" : "model '" + wanted + "'")
                    + " is not available: no models are configured (osprey.context.models)");
        }
        if (wanted.isEmpty()) {
            return models.values().iterator().next();
        }
        ServedModel model = models.get(wanted);
        if (model == null) {
            throw new UnknownModelException("unknown model '" + wanted + "'; configured: " + String.join(", ", names()));
        }
        return model;
    }

    public List<String> names() {
        return List.copyOf(models.keySet());
    }

    public int size() {
        return models.size();
    }
}
