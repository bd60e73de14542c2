package dev.osprey.standalone.bench;

import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufTensorInfo;
import dev.osprey.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A copy of a GGUF model whose {@code <arch>.context_length} is raised, for the repository-context benchmark: a small
 * test model's 2,048-token context would cap every infill window tier below the 4,096 a real code model offers, so
 * window growth could not be measured. Weights and every other key are copied unchanged; positions past the trained
 * context are harmless for a random-weight model whose output is not judged.
 */
final class LongerContextModel {
    private LongerContextModel() {
    }

    /** Writes the copy to {@code target}; returns it. */
    static Path write(Path source, int contextLength, Path target) throws IOException {
        if (contextLength <= 0) {
            throw new IllegalArgumentException("--context must be positive, got " + contextLength);
        }
        try (GgufFile file = GgufFile.open(source)) {
            String key = file.metadata().getString("general.architecture") + ".context_length";
            if (!file.metadata().contains(key)) {
                throw new IllegalArgumentException(source + " records no " + key);
            }
            GgufWriter writer = new GgufWriter().alignment(file.alignment()).putAll(file.metadata())
                    .putUInt32(key, contextLength);
            for (GgufTensorInfo tensor : file.tensors()) {
                writer.addTensor(tensor.name(), tensor.type(), tensor.dims(), file.tensorData(tensor));
            }
            writer.write(target);
        }
        return target;
    }
}
