package dev.osprey.engine.tensor.nativecpu;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The kernel library for this platform, extracted from the classpath ({@code native/<platform>/}) to
 * a temporary file and loaded once per JVM into the global arena. Loading checks that the library
 * speaks this code's ABI version and reads the CPU's features.
 *
 * @param lookup its symbols
 * @param file where it was loaded from
 * @param cpuFeatures {@code osprey_cpu_features()}: the bits {@link InstructionSet} tests
 */
record NativeLibrary(SymbolLookup lookup, String file, int cpuFeatures) {
    /** {@code OSPREY_KERNELS_ABI} in {@code osprey_kernels.h}. */
    static final int ABI_VERSION = 5;
    private static final String NAME = "osprey_kernels";

    /** The library, loaded on first call; every later call returns the same one or the same failure. */
    static NativeLibrary get() throws NativeUnavailableException {
        Holder h = Holder.INSTANCE;
        if (h.problem != null) {
            throw h.problem;
        }
        return h.library;
    }

    /** {@code linux-x86_64}, {@code linux-aarch64}, {@code macos-aarch64}, ...: the folder under {@code native/}. */
    /** The library, if it loads and the CPU runs {@code isa}'s variant. */
    static NativeLibrary forVariant(InstructionSet isa) throws NativeUnavailableException {
        NativeLibrary library = get();
        if (!isa.runsOn(library.cpuFeatures())) {
            throw new NativeUnavailableException("the CPU does not run the " + isa + " kernels (features 0x"
                    + Integer.toHexString(library.cpuFeatures()) + ")");
        }
        return library;
    }

    /** A {@code critical} downcall handle to {@code symbol} (heap arrays pass without a copy). */
    MethodHandle criticalDowncall(String symbol, FunctionDescriptor descriptor) throws NativeUnavailableException {
        MemorySegment address = lookup.find(symbol).orElseThrow(
                () -> new NativeUnavailableException(file + " lacks symbol " + symbol));
        return Linker.nativeLinker().downcallHandle(address, descriptor, Linker.Option.critical(true));
    }

    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macos" : os.startsWith("windows") ? "windows" : os;
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return o + "-" + a;
    }

    static String resource() {
        return "native/" + platform() + "/" + System.mapLibraryName(NAME);
    }

    private static NativeLibrary load() throws NativeUnavailableException {
        String resource = resource();
        Path file;
        try (InputStream in = NativeLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new NativeUnavailableException("no native kernel library for " + platform()
                        + " on the classpath (" + resource + "; built only where a C compiler was present)");
            }
            file = Files.createTempFile(NAME + "-", "-" + System.mapLibraryName(NAME));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new NativeUnavailableException("cannot extract " + resource, e);
        }
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(file, Arena.global());
        } catch (RuntimeException e) {
            throw new NativeUnavailableException("cannot load " + file + " (from " + resource + ")", e);
        } finally {
            deleteLoaded(file);
        }
        int abi = callInt(lookup, "osprey_abi_version", resource);
        if (abi != ABI_VERSION) {
            throw new NativeUnavailableException(resource + " has ABI version " + abi + ", this code needs " + ABI_VERSION);
        }
        return new NativeLibrary(lookup, resource, callInt(lookup, "osprey_cpu_features", resource));
    }

    /** A loaded library's file is no longer needed on Linux and macOS; elsewhere it goes at exit. */
    private static void deleteLoaded(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }

    private static int callInt(SymbolLookup lookup, String symbol, String resource) throws NativeUnavailableException {
        MethodHandle h = Linker.nativeLinker().downcallHandle(
                lookup.find(symbol).orElseThrow(() -> new NativeUnavailableException(resource + " lacks symbol " + symbol)),
                FunctionDescriptor.of(ValueLayout.JAVA_INT));
        try {
            return (int) h.invokeExact();
        } catch (Throwable t) {
            throw new NativeUnavailableException("calling " + symbol + " in " + resource + " failed", t);
        }
    }

    private static final class Holder {
        static final Holder INSTANCE = new Holder();
        final NativeLibrary library;
        final NativeUnavailableException problem;

        private Holder() {
            NativeLibrary lib = null;
            NativeUnavailableException why = null;
            try {
                lib = load();
            } catch (NativeUnavailableException e) {
                why = e;
            } catch (RuntimeException | LinkageError e) {
                why = new NativeUnavailableException("cannot load " + resource(), e);
            }
            library = lib;
            problem = why;
        }
    }
}
