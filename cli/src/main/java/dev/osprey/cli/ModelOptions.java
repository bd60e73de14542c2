package dev.osprey.cli;

import dev.osprey.engine.EngineOptions;
import dev.osprey.engine.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --model FILE --threads N}: which model to load and how. */
final class ModelOptions {
    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "GGUF model file")
    Path model;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads for the forward pass (default: all cores)")
    Integer threads;

    Model load() {
        if (!Files.isRegularFile(model)) {
            throw new ParameterException(spec.commandLine(), "--model " + model + ": no such file");
        }
        return Model.load(model, engineOptions());
    }

    EngineOptions engineOptions() {
        return engineOptions(spec, threads);
    }

    /** Default engine options, with {@code --threads} when given (at least 1). */
    static EngineOptions engineOptions(picocli.CommandLine.Model.CommandSpec spec, Integer threads) {
        EngineOptions options = EngineOptions.defaults();
        if (threads != null) {
            if (threads < 1) {
                throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
            }
            options = options.withThreads(threads);
        }
        return options;
    }
}
