package dev.osprey.tokenizer.classes;

import java.util.Locale;

/**
 * Chooses the {@link SyntaxBackend}: {@link FfmSyntaxBackend} unless the {@value #PROPERTY} system property says
 * {@code jni}, or the FFM backend cannot start (no bundled library for the platform, native access denied), in
 * which case {@link JniSyntaxBackend} takes over. The choice and its reason are logged.
 */
final class SyntaxBackends {
    /** System property forcing a backend: {@code ffm} or {@code jni}. */
    static final String PROPERTY = "osprey.tokenizer.classes.backend";

    private static final System.Logger LOG = System.getLogger(SyntaxBackends.class.getName());

    private SyntaxBackends() {
    }

    /** @throws IllegalArgumentException if {@value #PROPERTY} names no backend */
    static SyntaxBackend select() {
        String forced = System.getProperty(PROPERTY, "").strip().toLowerCase(Locale.ROOT);
        return switch (forced) {
            case "jni" -> announce(new JniSyntaxBackend(), PROPERTY + "=jni");
            case "ffm" -> announce(new FfmSyntaxBackend(), PROPERTY + "=ffm");
            case "" -> ffmOrJni();
            default -> throw new IllegalArgumentException(
                    PROPERTY + " must be ffm or jni, not '" + System.getProperty(PROPERTY) + "'");
        };
    }

    private static SyntaxBackend ffmOrJni() {
        try {
            return announce(new FfmSyntaxBackend(), "default");
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "tree-sitter FFM backend unavailable, falling back to JNI", e);
            return announce(new JniSyntaxBackend(), "FFM unavailable: " + e);
        }
    }

    private static SyntaxBackend announce(SyntaxBackend backend, String reason) {
        LOG.log(System.Logger.Level.INFO, "token classes: tree-sitter backend {0} ({1})", backend.name(), reason);
        return backend;
    }
}
