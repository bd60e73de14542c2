package dev.osprey.cli;

import dev.osprey.engine.EngineException;
import dev.osprey.engine.Model;
import dev.osprey.engine.forward.KvCache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code osprey score}: teacher-forces a token sequence and writes the full-vocabulary logits at every
 * position as little-endian f32, {@code [position][vocab]} (the layout of the goldens' .logits.f32).
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Run token ids through a model as one sequence and dump the logits at every position.")
final class ScoreCommand implements java.util.concurrent.Callable<Integer> {
    /** Tokens per forward pass, bounding memory to chunk x vocab logits. */
    private static final int CHUNK = 256;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--prompt-ids", paramLabel = "IDS", required = true, converter = TokenIds.Converter.class,
            description = "token ids, e.g. 1,2,3")
    TokenIds promptIds;

    @Option(names = "--dump-logits", paramLabel = "OUT", required = true,
            description = "file for the logits, little-endian f32 [position][vocab]")
    Path out;

    @Override
    public Integer call() throws IOException {
        int[] ids = promptIds.ids();
        try (Model model = modelOptions.load()) {
            int context = model.config().contextLength();
            if (ids.length > context) {
                throw new EngineException(ids.length + " ids exceed the model's context of " + context + " tokens");
            }
            int vocab = model.config().vocabSize();
            KvCache cache = model.newKvCache(ids.length);
            try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int start = 0; start < ids.length; start += CHUNK) {
                    int[] chunk = Arrays.copyOfRange(ids, start, Math.min(ids.length, start + CHUNK));
                    float[] logits = model.forward(chunk, start, cache, true);
                    ByteBuffer bytes = ByteBuffer.allocate(logits.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(logits);
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                }
            }
            System.err.printf("osprey: wrote %d x %d logits to %s%n", ids.length, vocab, out);
        }
        return 0;
    }
}
