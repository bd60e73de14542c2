package dev.osprey.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code osprey bench}: the benchmarks whose figures go in BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark.",
        subcommands = {TokenizerBenchmark.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
