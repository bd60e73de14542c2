package dev.osprey.gguf;

/**
 * A metadata lookup asked for a key that is absent, or for a type the value does not have (or a
 * number that does not fit the requested Java type). Unchecked: it reports a model that lacks what
 * the caller needs, not an unreadable file. The message names the source file, the key, and the
 * expected and actual types.
 */
public final class GgufMetadataException extends IllegalArgumentException {

    private final String key;

    public GgufMetadataException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The metadata key the lookup was for. */
    public String key() {
        return key;
    }
}
