package dev.osprey.engine;

import dev.osprey.testkit.ReferenceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One of llama.cpp's reference runs in {@code testkit reference/goldens/models} (see its README), or one of this
 * module's architecture goldens ({@link ArchitectureGoldenModels}): a model, its prompt, llama.cpp's 32 greedy ids,
 * and teacher-forced logits {@code [56][vocab]} over prompt + greedy.
 */
record LlamaCppGolden(String name, Path model, int[] prompt, int[] greedy, float[] logits) {

    static LlamaCppGolden load(String name) {
        if (ArchitectureGoldenModels.has(name)) {
            return new LlamaCppGolden(name, ArchitectureGoldenModels.model(name),
                    ids(new String(ArchitectureGoldenModels.resource(name, ".prompt.ids"), StandardCharsets.US_ASCII)),
                    ids(new String(ArchitectureGoldenModels.resource(name, ".greedy.ids"), StandardCharsets.US_ASCII)),
                    floats(ArchitectureGoldenModels.resource(name, ".logits.f32")));
        }
        String dir = "goldens/models/";
        Path model = ReferenceFiles.path(name.equals("stories260K-f32") ? "models/stories260K.gguf" : dir + name + ".gguf");
        return new LlamaCppGolden(name, model,
                ids(ReferenceFiles.path(dir + name + ".prompt.ids")),
                ids(ReferenceFiles.path(dir + name + ".greedy.ids")),
                floats(ReferenceFiles.path(dir + name + ".logits.f32")));
    }

    int[] sequence() {
        int[] all = Arrays.copyOf(prompt, prompt.length + greedy.length);
        System.arraycopy(greedy, 0, all, prompt.length, greedy.length);
        return all;
    }

    int vocab() {
        return logits.length / (prompt.length + greedy.length);
    }

    private static int[] ids(Path path) {
        try {
            return ids(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whitespace-separated ids. */
    static int[] ids(String text) {
        return Arrays.stream(text.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    }

    private static float[] floats(Path path) {
        try {
            return floats(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw little-endian float32. */
    static float[] floats(byte[] data) {
        ByteBuffer bytes = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(out);
        return out;
    }
}
