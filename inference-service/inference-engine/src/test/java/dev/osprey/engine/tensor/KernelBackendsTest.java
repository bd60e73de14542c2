package dev.osprey.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osprey.engine.tensor.nativecpu.NativeBackend;
import dev.osprey.engine.tensor.nativecpu.NativeUnavailableException;
import dev.osprey.engine.tensor.scalar.ScalarBackend;
import dev.osprey.engine.tensor.vector.VectorBackend;
import dev.osprey.gguf.GgmlType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Surefire starts the JVM with {@code --add-modules jdk.incubator.vector}, so vector is available;
 * the native kernels are where the build had a C compiler and the CPU runs one of their variants.
 */
class KernelBackendsTest {

    private static String nativeProblem() {
        try {
            NativeBackend.load();
            return null;
        } catch (NativeUnavailableException e) {
            return e.getMessage();
        }
    }

    @Test
    void picksNativeWhereTheLibraryLoadsThenTheVectorApiOrScalar() {
        assumeTrue(nativeProblem() == null, () -> "native kernels unavailable: " + nativeProblem());
        for (String automatic : new String[] {null, " "}) {
            BackendChain chain = assertInstanceOf(BackendChain.class, KernelBackends.select(automatic));
            assertEquals("native", chain.name());
            for (GgmlType type : List.of(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K, GgmlType.IQ4_XS)) {
                assertEquals("native", chain.backendFor(type).name(), type.toString());
            }
            for (GgmlType type : List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16)) {
                assertEquals("native", chain.backendFor(type).name(), type.toString());
            }
        }
        BackendChain withoutVector = assertInstanceOf(BackendChain.class,
                KernelBackends.select(null, "no Vector API in this test"));
        assertEquals("native", withoutVector.backendFor(GgmlType.Q4_K).name());
        assertEquals("native", withoutVector.backendFor(GgmlType.F16).name());
        assertTrue(withoutVector.toString().endsWith("then scalar"), withoutVector.toString());
    }

    @Test
    void picksVectorWhereTheLibraryDoesNotLoad() {
        String problem = nativeProblem();
        assumeTrue(problem != null, "the native kernels load here");
        assertEquals("vector", KernelBackends.select(null).name());
        assertEquals("scalar", KernelBackends.select(null, "no Vector API in this test").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelBackends.select("native"));
        assertEquals(KernelBackends.PROPERTY + "=native, but " + problem, e.getMessage());
    }

    @Test
    void aFlagForcesEachBackend() {
        assertEquals("scalar", KernelBackends.select("scalar").name());
        assertEquals("vector", KernelBackends.select("Vector").name());
        assertInstanceOf(VectorBackend.class, KernelBackends.select("vector"));
        assumeTrue(nativeProblem() == null, () -> "native kernels unavailable: " + nativeProblem());
        BackendChain forced = assertInstanceOf(BackendChain.class, KernelBackends.select("native"));
        assertEquals("native", forced.name());
        assertEquals("native", forced.backendFor(GgmlType.Q6_K).name());
        assertEquals("native", forced.backendFor(GgmlType.F16).name());
    }

    @Test
    void anUnknownNameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> KernelBackends.select("cuda"));
    }

    @Test
    void aChainBindsEachTypeWithTheFirstBackendThatHasIt() {
        KernelBackend scalar = new ScalarBackend();
        BackendChain chain = new BackendChain(List.of(new VectorBackend(), scalar));
        assertEquals("vector", chain.backendFor(GgmlType.Q8_0).name());
        assertTrue(scalar.supportedTypes().containsAll(chain.supportedTypes()));
    }

    /** A backend that claims Q8_0 only, so the chain must fall through to the next one for other types. */
    private record OnlyQ8_0() implements KernelBackend {
        @Override
        public String name() {
            return "only-q8_0";
        }

        @Override
        public java.util.Set<GgmlType> supportedTypes() {
            return java.util.Set.of(GgmlType.Q8_0);
        }

        @Override
        public Weights bind(QuantizedMatrix matrix) {
            return new ScalarBackend().bind(matrix);
        }

        @Override
        public AttentionKernel attention() {
            return new ScalarBackend().attention();
        }

        @Override
        public SwiGluKernel swiGlu() {
            return new ScalarBackend().swiGlu();
        }
    }

    @Test
    void aChainFallsThroughToTheNextBackendAndRefusesWhatNoneHas() {
        BackendChain chain = new BackendChain(List.of(new OnlyQ8_0(), new ScalarBackend()));
        assertEquals("only-q8_0", chain.backendFor(GgmlType.Q8_0).name());
        assertEquals("scalar", chain.backendFor(GgmlType.Q4_K).name());
        assertEquals(null, chain.backendFor(GgmlType.Q8_1));
        QuantizedMatrix q81 = new QuantizedMatrix("blk.0.attn_q.weight", GgmlType.Q8_1, 1, 32,
                java.lang.foreign.MemorySegment.ofArray(new byte[GgmlType.Q8_1.typeSize()]));
        UnsupportedTensorTypeException e = assertThrows(UnsupportedTensorTypeException.class, () -> chain.bind(q81));
        assertTrue(e.getMessage().contains("blk.0.attn_q.weight"), e.getMessage());
    }
}
