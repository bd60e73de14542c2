package dev.osprey.inference.server.batch;

import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.serve.EngineConfig;
import dev.osprey.inference.server.ServedModel;
import dev.osprey.testkit.ReferenceFiles;
import java.util.ArrayList;
import java.util.List;

/** karpathy's stories260K on two threads, as the other inference-server tests run it, and prompts for it. */
final class BatchTestModel {
    static final String NAME = "stories260K";
    private static final String[] OPENINGS = {"Once upon a time", "One day, a little", "Lily and Ben", "The big red",
            "There was a happy", "Tom saw a"};
    private static final String[] THINGS = {"dog", "ball", "tree", "cat", "girl", "boat", "bird"};

    private BatchTestModel() {
    }

    static ServedModel start(EngineConfig config) {
        return ServedModel.start(NAME, ReferenceFiles.path("models/stories260K.gguf"), EngineOptions.defaults().withThreads(2),
                config);
    }

    static ServedModel start() {
        return start(EngineConfig.defaults().withKvBudgetBytes(16L << 20));
    }

    /** {@code n} distinct short prompts. */
    static List<String> prompts(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(OPENINGS[i % OPENINGS.length] + " " + THINGS[(i / OPENINGS.length) % THINGS.length] + " " + i);
        }
        return out;
    }
}
