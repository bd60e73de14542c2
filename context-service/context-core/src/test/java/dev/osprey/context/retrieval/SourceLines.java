package dev.osprey.context.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Every line of this module's main Java sources: real code for prefilter parity tests. */
final class SourceLines {
    private SourceLines() {
    }

    static List<String> ofThisModule() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /**
     * Asserts that {@code prefilter} passes every line {@code regex} finds a match in, over this module's sources and
     * {@code extra} lines, and that at least {@code minMatched} lines matched (the check saw real cases).
     */
    static void assertPrefilterPassesEveryMatch(Pattern regex, Predicate<String> prefilter, List<String> extra,
                                                int minMatched) throws IOException {
        List<String> lines = new ArrayList<>(ofThisModule());
        lines.addAll(extra);
        int matched = 0;
        for (String line : lines) {
            if (regex.matcher(line).find()) {
                matched++;
                org.assertj.core.api.Assertions.assertThat(prefilter.test(line)).as(line).isTrue();
            }
        }
        org.assertj.core.api.Assertions.assertThat(matched).isGreaterThanOrEqualTo(minMatched);
    }
}
