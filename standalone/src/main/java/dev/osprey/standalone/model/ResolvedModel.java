package dev.osprey.standalone.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The model file to serve.
 *
 * @param file        a GGUF file on local disk
 * @param displayName a short name for logs and {@code /v1/models}
 * @param fallback    true when this is the bundled demo model served in place of the one requested
 * @param warning     what to tell the user when {@code fallback} is true
 */
public record ResolvedModel(Path file, String displayName, boolean fallback, Optional<String> warning) {
    public ResolvedModel {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(warning, "warning");
    }
}
