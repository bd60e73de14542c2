package dev.osprey.cli;

import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.Model;
import dev.osprey.engine.kvpages.KvType;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --model FILE --threads N --kv-type T}: which model to load and how. */
final class ModelOptions {
    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "GGUF model file")
    Path model;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads for the forward pass (default: all cores)")
    Integer threads;

    @Option(names = "--kv-type", paramLabel = "TYPE", defaultValue = "f16",
            description = "KV cache element type: f16, q8_0 or f32 (default: ${DEFAULT-VALUE})")
    String kvType;

    Model load() {
        if (!Files.isRegularFile(model)) {
            throw new ParameterException(spec.commandLine(), "--model " + model + ": no such file");
        }
        return Model.load(model, engineOptions());
    }

    EngineOptions engineOptions() {
        return engineOptions(spec, threads, kvType);
    }

    /** Default engine options, with {@code --threads} when given (at least 1) and the {@code --kv-type}. */
    static EngineOptions engineOptions(picocli.CommandLine.Model.CommandSpec spec, Integer threads, String kvType) {
        EngineOptions options = EngineOptions.defaults();
        try {
            options = options.withKvType(KvType.parse(kvType));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--kv-type: " + e.getMessage());
        }
        if (threads != null) {
            if (threads < 1) {
                throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
            }
            options = options.withThreads(threads);
        }
        return options;
    }
}
