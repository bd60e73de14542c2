package dev.osprey.engine;

import dev.osprey.testkit.ReferenceFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One of llama.cpp's reference runs in {@code testkit reference/goldens/models} (see its README):
 * a model, its prompt, llama.cpp's 32 greedy ids, and teacher-forced logits {@code [56][vocab]}
 * over prompt + greedy.
 */
record LlamaCppGolden(String name, Path model, int[] prompt, int[] greedy, float[] logits) {

    static LlamaCppGolden load(String name) {
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
            return Arrays.stream(Files.readString(path).trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] floats(Path path) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
