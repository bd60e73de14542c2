package dev.osprey.engine.kvpages;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Zeroed native memory from the C library's {@code calloc}, freed by {@code free} when its arena closes.
 * Unlike {@link Arena#allocate}, it does not count against {@code -XX:MaxDirectMemorySize} (which defaults
 * to the heap limit): a KV cache is sized by its own budget, not by the heap.
 */
final class OffHeap {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle CALLOC = LINKER.downcallHandle(
            LINKER.defaultLookup().find("calloc").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
    private static final MethodHandle FREE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));

    private OffHeap() {
    }

    /**
     * {@code bytes} zeroed bytes, 64-byte aligned or better (calloc's alignment is 16; pages of this
     * size come from mmap and are page aligned), valid until {@code arena} closes.
     *
     * @throws OutOfMemoryError if the C library cannot provide them
     */
    static MemorySegment allocate(long bytes, Arena arena) {
        MemorySegment raw;
        try {
            raw = (MemorySegment) CALLOC.invokeExact(1L, Math.max(bytes, 1L));
        } catch (Throwable t) {
            throw new IllegalStateException("calloc failed", t);
        }
        if (raw.equals(MemorySegment.NULL)) {
            throw new OutOfMemoryError("cannot allocate " + bytes + " bytes of native memory for the KV cache");
        }
        return raw.reinterpret(bytes, arena, OffHeap::free);
    }

    private static void free(MemorySegment address) {
        try {
            FREE.invokeExact(address);
        } catch (Throwable t) {
            throw new IllegalStateException("free failed", t);
        }
    }
}
