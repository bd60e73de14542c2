package dev.osprey.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Surefire starts the JVM with {@code --add-modules jdk.incubator.vector}, so vector is available. */
class KernelBackendsTest {

    @Test
    void picksVectorWhenTheModuleIsPresent() {
        assertEquals("vector", KernelBackends.select(null).name());
        assertEquals("vector", KernelBackends.select(" ").name());
    }

    @Test
    void aFlagForcesEitherBackend() {
        assertEquals("scalar", KernelBackends.select("scalar").name());
        assertEquals("vector", KernelBackends.select("Vector").name());
    }

    @Test
    void anUnknownNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> KernelBackends.select("cuda"));
    }
}
