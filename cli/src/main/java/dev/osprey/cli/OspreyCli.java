package dev.osprey.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./osprey} command line: one subcommand per capability. */
@Command(name = "osprey", mixinStandardHelpOptions = true, version = "osprey 0.1.0",
        description = "Serve and inspect code language models.",
        subcommands = {TokenizeCommand.class, GenerateCommand.class, ScoreCommand.class, BenchCommand.class})
public final class OspreyCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; errors in a command print one line and exit 1. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new OspreyCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("osprey: " + e.getMessage());
            return 1;
        });
        return cli;
    }
}
