package dev.osprey.tokenizer.server;

import java.nio.file.Path;

/** A configured vocabulary could not be loaded; the message names the model, the file and the reason. */
public final class ModelLoadException extends RuntimeException {
    private final String model;
    private final Path path;

    public ModelLoadException(String model, Path path, Throwable cause) {
        super("cannot load model '" + model + "' from " + path + ": " + reason(cause), cause);
        this.model = model;
        this.path = path;
    }

    private static String reason(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    public String model() {
        return model;
    }

    public Path path() {
        return path;
    }
}
