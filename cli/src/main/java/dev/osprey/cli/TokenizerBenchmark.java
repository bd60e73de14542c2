package dev.osprey.cli;

import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Single-thread encode throughput over real source code: every file of the corpus is encoded once
 * per round; the first round runs with a cold word cache, the median is over the remaining rounds.
 */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Encode throughput (MB/s of source code, one thread).")
final class TokenizerBenchmark implements Callable<Integer> {

    @Option(names = "--vocab", required = true, paramLabel = "FILE", description = "a GGUF file or a tokenizer.json")
    Path vocab;

    @Option(names = "--corpus", paramLabel = "PATH",
            description = "a directory or .zip of source files (default: the running JDK's lib/src.zip)")
    Path corpus;

    @Option(names = "--megabytes", defaultValue = "4", description = "how much source to read (default: ${DEFAULT-VALUE})")
    int megabytes;

    @Option(names = "--rounds", defaultValue = "7", description = "timed rounds after the cold one (default: ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Path source = corpus != null ? corpus : Path.of(System.getProperty("java.home"), "lib", "src.zip");
        List<String> files = readCorpus(source, megabytes * 1024L * 1024L);
        long bytes = files.stream().mapToLong(f -> f.getBytes(StandardCharsets.UTF_8).length).sum();
        long loadStart = System.nanoTime();
        Tokenizer tokenizer = Tokenizers.load(vocab);
        double loadMs = (System.nanoTime() - loadStart) / 1e6;

        double[] seconds = new double[rounds + 1];
        long tokens = 0;
        for (int round = 0; round <= rounds; round++) {
            long start = System.nanoTime();
            long count = 0;
            for (String file : files) {
                count += tokenizer.encode(file, EncodeOptions.PLAIN).length;
            }
            seconds[round] = (System.nanoTime() - start) / 1e9;
            tokens = count;
        }
        double[] warm = Arrays.copyOfRange(seconds, 1, seconds.length);
        Arrays.sort(warm);
        double median = warm.length % 2 == 1 ? warm[warm.length / 2] : (warm[warm.length / 2 - 1] + warm[warm.length / 2]) / 2;
        double mb = bytes / 1e6;
        System.out.printf("vocab     %s (%s, %d tokens, loaded in %.0f ms)%n", vocab.getFileName(),
                tokenizer.vocabulary().preTokenizer(), tokenizer.vocabulary().size(), loadMs);
        System.out.printf("corpus    %s: %d files, %.2f MB, %d tokens (%.2f bytes/token)%n", source, files.size(), mb,
                tokens, (double) bytes / tokens);
        System.out.printf("cold      %.2f MB/s (first round, empty word cache)%n", mb / seconds[0]);
        System.out.printf("warm      %.2f MB/s median of %d rounds (min %.2f, max %.2f), %.0f tokens/s%n",
                mb / median, warm.length, mb / warm[warm.length - 1], mb / warm[0], tokens / median);
        return 0;
    }

    /** Source files (.java, .py, .c, .h, .go, .rs, .js, .ts, .cpp) in a stable order, up to {@code limit} bytes. */
    static List<String> readCorpus(Path source, long limit) throws IOException {
        List<String> files = new ArrayList<>();
        long total = 0;
        if (source.toString().endsWith(".zip")) {
            try (ZipFile zip = new ZipFile(source.toFile())) {
                List<ZipEntry> entries = new ArrayList<>();
                for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                    ZipEntry entry = e.nextElement();
                    if (!entry.isDirectory() && isSource(entry.getName())) {
                        entries.add(entry);
                    }
                }
                entries.sort((a, b) -> a.getName().compareTo(b.getName()));
                for (ZipEntry entry : entries) {
                    if (total >= limit) {
                        break;
                    }
                    try (InputStream in = zip.getInputStream(entry)) {
                        byte[] content = in.readAllBytes();
                        files.add(new String(content, StandardCharsets.UTF_8));
                        total += content.length;
                    }
                }
            }
        } else {
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path path : paths.filter(Files::isRegularFile).filter(p -> isSource(p.toString())).sorted().toList()) {
                    if (total >= limit) {
                        break;
                    }
                    byte[] content = Files.readAllBytes(path);
                    files.add(new String(content, StandardCharsets.UTF_8));
                    total += content.length;
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no source files in " + source);
        }
        return files;
    }

    private static boolean isSource(String name) {
        return name.matches(".*\\.(java|py|c|h|go|rs|js|ts|cpp|hpp|cc)$");
    }
}
