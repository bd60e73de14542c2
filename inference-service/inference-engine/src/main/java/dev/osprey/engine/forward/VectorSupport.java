package dev.osprey.engine.forward;

/** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
final class VectorSupport {
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorSupport() {
    }
}
