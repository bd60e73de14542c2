package dev.osprey.gguf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Prints a GGUF file's header, metadata (long arrays abbreviated) and tensor table:
 * {@code java -cp osprey-gguf.jar dev.osprey.gguf.GgufDump model.gguf}. Exit status 1 for a file
 * that is not valid GGUF, 2 for a usage error.
 */
public final class GgufDump {

    private GgufDump() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GgufDump FILE.gguf");
            System.exit(2);
        }
        try (GgufFile file = GgufFile.open(Path.of(args[0]))) {
            dump(file, System.out);
        } catch (GgufFormatException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Writes the summary of {@code file} to {@code out}. */
    public static void dump(GgufFile file, PrintStream out) {
        out.printf("%s: GGUF v%d, %d bytes, alignment %d, data section at %d%n", file.path(), file.version(),
                file.fileSize(), file.alignment(), file.dataOffset());
        out.printf("%d metadata keys:%n", file.metadata().size());
        file.metadata().asMap().forEach((key, value) -> out.printf("  %s = %s%n", key, value));
        out.printf("%d tensors:%n", file.tensors().size());
        for (GgufTensorInfo t : file.tensors()) {
            StringBuilder shape = new StringBuilder();
            for (int i = 0; i < t.nDims(); i++) {
                shape.append(i == 0 ? "" : " x ").append(t.dim(i));
            }
            out.printf("  %-40s %-8s %-20s offset %12d  %12d bytes%n", t.name(), t.type(), shape, t.offset(), t.byteSize());
        }
    }
}
