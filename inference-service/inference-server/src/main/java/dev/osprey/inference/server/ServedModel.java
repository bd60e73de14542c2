package dev.osprey.inference.server;

import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.Model;
import dev.osprey.engine.serve.EngineConfig;
import dev.osprey.engine.serve.InferenceEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The one model this server serves: its name, the loaded {@link Model} and the {@link InferenceEngine}
 * running it. {@link #close} stops the engine (ending live requests) and then unmaps the model.
 */
public final class ServedModel implements AutoCloseable {
    private final String name;
    private final Model model;
    private final InferenceEngine engine;
    private volatile boolean closing;

    ServedModel(String name, Model model, InferenceEngine engine) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Loads the model at {@code path} and starts an engine on it.
     *
     * @throws InferenceStartupException naming the file and the setting to fix when the file is missing,
     *                                   unreadable or not a usable model, or the engine settings are invalid
     *                                   (e.g. a KV budget below one context window)
     */
    public static ServedModel start(String name, Path path, EngineOptions options, EngineConfig config) {
        if (!Files.isRegularFile(path)) {
            throw new InferenceStartupException("cannot load model '" + name + "': " + path + " does not exist or is not a file",
                    "Set osprey.inference.model-path to a GGUF model file.", null);
        }
        if (!Files.isReadable(path)) {
            throw new InferenceStartupException("cannot load model '" + name + "': " + path + " is not readable",
                    "Make osprey.inference.model-path readable by this process, or point it at another GGUF file.", null);
        }
        Model model;
        try {
            model = Model.load(path, options);
        } catch (RuntimeException e) {
            throw new InferenceStartupException("cannot load model '" + name + "' from " + path + ": " + reason(e),
                    "Check osprey.inference.model-path: it must name a GGUF file of a supported architecture.", e);
        }
        try {
            model.tokenizer();
            return new ServedModel(name, model, InferenceEngine.start(model, config));
        } catch (IllegalArgumentException e) {
            model.close();
            throw new InferenceStartupException("cannot start the inference engine for model '" + name + "': " + reason(e),
                    "Raise osprey.inference.kv-budget (a size such as 2GB, or a share of free memory such as 40%), lower"
                            + " osprey.inference.context-tokens, store keys and values more compactly"
                            + " (osprey.inference.kv-type=q8_0), or lower osprey.inference.block-size; check the other"
                            + " osprey.inference scheduler settings.", e);
        } catch (RuntimeException e) {
            model.close();
            throw new InferenceStartupException("cannot start model '" + name + "' from " + path + ": " + reason(e),
                    "Check osprey.inference.model-path: the model file must carry a usable tokenizer.", e);
        }
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    public String name() {
        return name;
    }

    public Model model() {
        return model;
    }

    public InferenceEngine engine() {
        return engine;
    }

    /** True once {@link #close} began: requests the engine ends now were cut by the shutdown. */
    public boolean closing() {
        return closing;
    }

    @Override
    public void close() {
        closing = true;
        try {
            engine.close();
        } finally {
            model.close();
        }
    }
}
