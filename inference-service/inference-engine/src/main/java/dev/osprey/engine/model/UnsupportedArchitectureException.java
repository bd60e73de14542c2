package dev.osprey.engine.model;

/** {@code general.architecture} names an architecture the engine has no wiring for. */
public final class UnsupportedArchitectureException extends ModelFormatException {
    public UnsupportedArchitectureException(String architecture, java.util.Collection<String> supported) {
        super("model architecture '" + architecture + "' is not supported (supported: "
                + String.join(", ", supported) + ")");
    }
}
