package dev.osprey.engine.tensor.nativecpu;

import dev.osprey.engine.kvpages.KvPages;
import dev.osprey.engine.tensor.AttentionKernel;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link AttentionKernel} in C ({@code attention.c}, {@code OSPREY_ATTENTION}): one instruction set's
 * variant, F16 keys and values widened with F16C ({@code _mm512_cvtph_ps} on AVX-512), exponentials
 * by a polynomial in registers. Arguments are checked here, head sizes against the C side's stack tiles
 * ({@value #MAX_DIM}); the call is {@code critical}, so one call's work is one plan unit.
 */
public final class NativeAttention implements AttentionKernel {
    /** Largest key or value head the C tiles hold ({@code OSPREY_ATTN_MAX_DIM}). */
    public static final int MAX_DIM = 256;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final ValueLayout ADDR = ValueLayout.ADDRESS;
    private static final FunctionDescriptor ATTENTION = FunctionDescriptor.ofVoid(ADDR, ADDR, LONG, LONG, INT, INT, INT,
            INT, ADDR, INT, INT, ADDR, INT, INT, INT, INT, INT, ValueLayout.JAVA_FLOAT, ADDR, ADDR);

    private final InstructionSet isa;
    private final MethodHandle attention;

    private NativeAttention(InstructionSet isa, MethodHandle attention) {
        this.isa = isa;
        this.attention = attention;
    }

    /** Binds {@code isa}'s variant in {@code library}; the caller has checked that the CPU runs it. */
    static NativeAttention bind(NativeLibrary library, InstructionSet isa) throws NativeUnavailableException {
        return new NativeAttention(isa, library.criticalDowncall(isa.symbol("attention"), ATTENTION));
    }

    /** The variant running {@code isa}, if the library loads and the CPU runs it (for parity tests). */
    public static NativeAttention load(InstructionSet isa) throws NativeUnavailableException {
        return bind(NativeLibrary.forVariant(isa), isa);
    }

    @Override
    public String name() {
        return "native " + isa;
    }

    @Override
    public void attend(KvPages pages, int layer, int kvHead, int[] blockTable, int kLo, int kHi,
                       float[] q, int qOff, int qStride, int nq, int group, int qPos0, int window, float scale,
                       float[] o, int oOff, float[] ml, int mlOff) {
        AttentionKernel.check(pages, layer, kvHead, blockTable, kLo, kHi, q, qOff, qStride, nq, group, qPos0, window,
                o, oOff, ml, mlOff);
        var shape = pages.shape();
        if (shape.headDim() > MAX_DIM || shape.valueHeadDim() > MAX_DIM) {
            throw new IllegalArgumentException("native attention takes heads of at most " + MAX_DIM + " elements, not "
                    + shape.headDim() + "/" + shape.valueHeadDim());
        }
        if (!pages.memory().isNative()) {
            throw new IllegalArgumentException("KV pages must be in native memory");
        }
        MemorySegment mem = pages.memory();
        try {
            attention.invokeExact(mem.asSlice(pages.keyHead(layer, kvHead)), mem.asSlice(pages.valueHead(layer, kvHead)),
                    pages.keyBlockStride(), pages.valueBlockStride(), pages.type().code(), shape.headDim(),
                    shape.valueHeadDim(), pages.blockSize(), MemorySegment.ofArray(blockTable), kLo, kHi,
                    MemorySegment.ofArray(q).asSlice(4L * qOff), qStride, nq, group, qPos0, window, scale,
                    MemorySegment.ofArray(o).asSlice(4L * oOff), MemorySegment.ofArray(ml).asSlice(4L * mlOff));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
