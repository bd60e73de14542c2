package dev.osprey.cli;

import dev.osprey.context.bench.RetrievalBenchmark;
import dev.osprey.context.embed.MiniLmEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code osprey bench retrieval}: recall and speed of the repository index on the JDK and Python sources. */
@Command(name = "retrieval", mixinStandardHelpOptions = true,
        description = "Repository index: recall@1/5/10 of BM25, embeddings and hybrid search for functions queried "
                + "by signature and call site, indexing time per 10,000 files, query latency.")
final class RetrievalBenchCommand implements Callable<Integer> {

    @Option(names = "--jdk-src", paramLabel = "ZIP", description = "JDK sources (default: the running JDK's lib/src.zip)")
    Path jdkSrc;

    @Option(names = "--python", paramLabel = "DIR", defaultValue = "/usr/lib/python3.11",
            description = "Python standard library (default: ${DEFAULT-VALUE}); skipped when absent")
    Path python;

    @Option(names = "--index-files", defaultValue = "3000",
            description = "files per corpus for the BM25-only indexing time (default: ${DEFAULT-VALUE})")
    int indexFiles;

    @Option(names = "--eval-files", defaultValue = "150",
            description = "files per corpus embedded and searched (default: ${DEFAULT-VALUE})")
    int evalFiles;

    @Option(names = "--queries", defaultValue = "300", description = "functions sampled per corpus (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--seed", defaultValue = "42", description = "sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--no-embeddings", description = "BM25 only")
    boolean noEmbeddings;

    @Override
    public Integer call() throws Exception {
        Path zip = jdkSrc != null ? jdkSrc : Path.of(System.getProperty("java.home"), "lib", "src.zip");
        var options = new RetrievalBenchmark.Options(indexFiles, evalFiles, queries, seed,
                Path.of(System.getProperty("java.io.tmpdir")));
        var bench = new RetrievalBenchmark(options, noEmbeddings ? null : new MiniLmEmbedder(), System.out);
        System.out.printf("retrieval benchmark: seed %d, %d cores, embeddings %s%n", seed,
                Runtime.getRuntime().availableProcessors(), noEmbeddings ? "off" : "all-MiniLM-L6-v2 (ONNX, in process)");
        if (Files.isRegularFile(zip)) {
            bench.run(RetrievalBenchmark.jdkSources(zip, indexFiles, seed));
        } else {
            System.out.println("no JDK sources at " + zip + ": skipped");
        }
        if (Files.isDirectory(python)) {
            bench.run(RetrievalBenchmark.pythonStdlib(python, indexFiles, seed));
        } else {
            System.out.println("no Python standard library at " + python + ": skipped");
        }
        return 0;
    }
}
