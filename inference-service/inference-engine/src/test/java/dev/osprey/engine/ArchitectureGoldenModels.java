package dev.osprey.engine;

import dev.osprey.engine.synthetic.SyntheticModel;
import dev.osprey.engine.synthetic.SyntheticModelWriter;
import dev.osprey.engine.synthetic.SyntheticSpec;
import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufTensorInfo;
import dev.osprey.gguf.GgufWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The models of the architecture goldens (resources {@code goldens/README.md}): written here by
 * {@link SyntheticModelWriter}, byte for byte the files llama.cpp ran (each one's SHA-256 is kept beside its
 * goldens), so that only the goldens, not the models, live in the repository.
 */
final class ArchitectureGoldenModels {
    static final long SEED = 3003;
    /** name, arch, layers, hidden, heads, kvHeads, ffn, vocab, rope theta, norm eps, tied output, q/k/v bias, ctx. */
    private static final Map<String, SyntheticModel> SHAPES = Map.of(
            "qwen3-s", new SyntheticModel("qwen3-s", "qwen3", 2, 256, 4, 2, 768, 1024, 1e6, 1e-6, false, false, 2048),
            "starcoder2-s", new SyntheticModel("starcoder2-s", "starcoder2", 2, 256, 4, 2, 1024, 1024, 1e5, 1e-5, true,
                    true, 2048),
            "llama-ctx8k", new SyntheticModel("llama-ctx8k", "llama", 2, 256, 4, 2, 768, 1024, 10000, 1e-5, false,
                    false, 8192));
    private static final Path DIRECTORY = Path.of("target", "architecture-goldens");

    private ArchitectureGoldenModels() {
    }

    /** Teacher-forced logits over {@link #LONG_SEQUENCE_MODEL} at sampled positions of a 4,096-token sequence. */
    static final String LONG_SEQUENCE_MODEL = "llama-ctx8k-f32";

    /** Whether {@code name} is one of these goldens. */
    static boolean has(String name) {
        return ArchitectureGoldenModels.class.getResource("goldens/" + name + ".logits.f32") != null;
    }

    /** The golden's resource {@code goldens/<name><suffix>}. */
    static byte[] resource(String name, String suffix) {
        try (InputStream in = ArchitectureGoldenModels.class.getResourceAsStream("goldens/" + name + suffix)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden resource goldens/" + name + suffix);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The model file of golden {@code name} ({@code <shape>-<type>} or {@code <shape>-<type>-yarn}), written on first
     * use and checked against the SHA-256 of the file llama.cpp ran.
     */
    static synchronized Path model(String name) {
        Path path = DIRECTORY.resolve(name + ".gguf");
        String expected = new String(resource(name, ".gguf.sha256"), StandardCharsets.US_ASCII).strip();
        try {
            if (!Files.exists(path) || !sha256(path).equals(expected)) {
                Files.createDirectories(DIRECTORY);
                write(name, path);
            }
            String actual = sha256(path);
            if (!actual.equals(expected)) {
                throw new IllegalStateException("the synthetic writer no longer writes the model llama.cpp ran for golden "
                        + name + " (SHA-256 " + actual + ", goldens made with " + expected
                        + "): regenerate the goldens as goldens/README.md says");
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(String name, Path path) throws IOException {
        boolean yarn = name.endsWith("-yarn");
        String base = yarn ? name.substring(0, name.length() - "-yarn".length()) : name;
        int dash = base.lastIndexOf('-');
        SyntheticModel shape = SHAPES.get(base.substring(0, dash));
        GgmlType type = GgmlType.valueOf(base.substring(dash + 1).toUpperCase(java.util.Locale.ROOT));
        Path plain = yarn ? DIRECTORY.resolve(base + ".gguf.plain") : path;
        new SyntheticModelWriter(2).write(new SyntheticSpec(shape, type), SEED, plain);
        if (yarn) {
            withYarn(plain, path);
            Files.delete(plain);
        }
    }

    /** A copy of {@code source} with YaRN scaling: factor 4 over an original context of 32, context 8,192. */
    private static void withYarn(Path source, Path target) throws IOException {
        try (GgufFile file = GgufFile.open(source)) {
            String arch = file.metadata().getString("general.architecture");
            GgufWriter writer = new GgufWriter().alignment(file.alignment()).putAll(file.metadata())
                    .putString(arch + ".rope.scaling.type", "yarn")
                    .putFloat32(arch + ".rope.scaling.factor", 4f)
                    .putUInt32(arch + ".rope.scaling.original_context_length", 32)
                    .putUInt32(arch + ".context_length", 8192)
                    .putString("general.name", file.metadata().getString("general.name") + "-yarn");
            for (GgufTensorInfo tensor : file.tensors()) {
                writer.addTensor(tensor.name(), tensor.type(), tensor.dims(), file.tensorData(tensor));
            }
            writer.write(target);
        }
    }

    private static String sha256(Path path) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(path)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
