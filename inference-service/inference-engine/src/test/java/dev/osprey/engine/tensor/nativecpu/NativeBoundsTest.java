package dev.osprey.engine.tensor.nativecpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.RandomMatrices;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad arguments are refused in Java, before any downcall, and leave the output untouched; weights
 * whose memory is gone fail with an exception instead of a crash.
 */
class NativeBoundsTest {
    private static final int ROWS = 6;
    private static final int COLS = 256;

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q4_K", "Q6_K", "F16"})
    void outOfRangeArgumentsAreRefusedBeforeTheDowncall(GgmlType type) {
        NativeBackend backend = NativeBackends.require(InstructionSet.REFERENCE);
        Weights w = backend.bind(RandomMatrices.of(type, ROWS, COLS, 5));
        float[] x = new float[2 * COLS];
        float[] out = new float[2 * ROWS];
        float[] before = out.clone();
        assertThrows(IndexOutOfBoundsException.class, () -> w.matmul(x, 0, 2, out, 0, 0, ROWS + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> w.matmul(x, 0, 2, out, 0, -1, ROWS));
        assertThrows(IndexOutOfBoundsException.class, () -> w.matmul(x, 0, 2, out, 0, 4, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> w.matmul(x, 1, 2, out, 0, 0, ROWS));
        assertThrows(IndexOutOfBoundsException.class, () -> w.matmul(x, 0, 3, out, 0, 0, ROWS));
        assertThrows(IndexOutOfBoundsException.class, () -> w.matmul(x, 0, 2, out, 1, 0, ROWS));
        assertThrows(IndexOutOfBoundsException.class, () -> w.matmul(x, -COLS, 2, out, 0, 0, ROWS));
        assertThrows(IllegalArgumentException.class, () -> w.matmul(x, 0, -1, out, 0, 0, ROWS));
        assertThrows(ArithmeticException.class, () -> w.matmul(x, 0, Integer.MAX_VALUE, out, 0, 0, ROWS));
        assertThrows(IndexOutOfBoundsException.class, () -> w.dequantizeRow(ROWS, out, 0));
        assertArrayEquals(before, out);
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q4_K", "Q6_K", "F16"})
    void weightsWhoseMemoryIsFreedFailWithoutACrash(GgmlType type) {
        NativeBackend backend = NativeBackends.require(InstructionSet.REFERENCE);
        QuantizedMatrix random = RandomMatrices.of(type, ROWS, COLS, 6);
        Weights w;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment data = arena.allocate(random.data().byteSize(), 64);
            data.copyFrom(random.data());
            w = backend.bind(new QuantizedMatrix("freed", type, ROWS, COLS, data));
        }
        assertThrows(IllegalStateException.class, () -> w.matmul(new float[COLS], 0, 1, new float[ROWS], 0, 0, ROWS));
    }
}
