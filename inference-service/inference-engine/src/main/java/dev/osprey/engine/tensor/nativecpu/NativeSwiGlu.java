package dev.osprey.engine.tensor.nativecpu;

import dev.osprey.engine.tensor.SwiGluKernel;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link SwiGluKernel} in C ({@code swiglu.c}, {@code OSPREY_SWIGLU}), the exponential by
 * {@code simd_exp.h}'s polynomial. The range is checked here; the call is {@code critical}.
 */
public final class NativeSwiGlu implements SwiGluKernel {
    private static final FunctionDescriptor SWIGLU =
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT);

    private final InstructionSet isa;
    private final MethodHandle swiglu;

    private NativeSwiGlu(InstructionSet isa, MethodHandle swiglu) {
        this.isa = isa;
        this.swiglu = swiglu;
    }

    /** Binds {@code isa}'s variant in {@code library}; the caller has checked that the CPU runs it. */
    static NativeSwiGlu bind(NativeLibrary library, InstructionSet isa) throws NativeUnavailableException {
        return new NativeSwiGlu(isa, library.criticalDowncall(isa.symbol("swiglu"), SWIGLU));
    }

    /** The variant running {@code isa}, if the library loads and the CPU runs it (for parity tests). */
    public static NativeSwiGlu load(InstructionSet isa) throws NativeUnavailableException {
        return bind(NativeLibrary.forVariant(isa), isa);
    }

    @Override
    public String name() {
        return "native " + isa;
    }

    @Override
    public void apply(float[] gate, float[] up, int from, int to) {
        SwiGluKernel.check(gate, up, from, to);
        try {
            swiglu.invokeExact(MemorySegment.ofArray(gate).asSlice(4L * from), MemorySegment.ofArray(up).asSlice(4L * from),
                    to - from);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
