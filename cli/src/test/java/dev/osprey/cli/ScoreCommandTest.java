package dev.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.testkit.ReferenceFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code osprey score --dump-logits} writes the goldens' layout with llama.cpp's values. */
class ScoreCommandTest {
    @TempDir
    Path dir;

    @Test
    void dumpedLogitsMatchLlamaCppsTeacherForcedLogits() throws Exception {
        String g = "goldens/models/llama-s-f32";
        String ids = Files.readString(ReferenceFiles.path(g + ".prompt.ids")).trim() + " "
                + Files.readString(ReferenceFiles.path(g + ".greedy.ids")).trim();
        Path out = dir.resolve("logits.f32");
        // the goldens were made with an F32 KV cache; the default F16 one moves logits by up to 0.01
        CliRun run = CliRun.run("score", "--model", ReferenceFiles.path(g + ".gguf").toString(), "--kv-type", "f32",
                "--prompt-ids", ids.replace(' ', ','), "--dump-logits", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        float[] mine = floats(out);
        float[] golden = floats(ReferenceFiles.path(g + ".logits.f32"));
        assertThat(mine).hasSameSizeAs(golden);
        for (int i = 0; i < mine.length; i++) {
            assertThat(Math.abs(mine[i] - golden[i])).as("logit %d", i).isLessThan(1e-3f);
        }
    }

    @Test
    void idsBeyondTheVocabularyAreRefused() {
        CliRun run = CliRun.run("score", "--model", ReferenceFiles.path("goldens/models/llama-s-f32.gguf").toString(),
                "--prompt-ids", "1,1024", "--dump-logits", dir.resolve("x").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("token id 1024");
    }

    private static float[] floats(Path p) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }
}
