package dev.osprey.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * llama.cpp's tokenizer test vectors: an {@code .inp} file of strings, each followed by the line
 * {@code __ggml_vocab_test__}, and an {@code .out} file with one line of space-separated ids per string.
 */
public final class TokenizerVectors {
    public static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    /** One test string and the ids llama.cpp produced for it. */
    public record Case(int index, String text, int[] expected) {
        @Override
        public String toString() {
            return "#" + index + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text).replace("\n", "\\n");
        }
    }

    private TokenizerVectors() {
    }

    /** Splits an {@code .inp} file's content into its strings. */
    public static List<String> parseInputs(String content) {
        List<String> inputs = new ArrayList<>(Arrays.asList(content.split(SEPARATOR, -1)));
        if (!inputs.isEmpty() && inputs.getLast().isEmpty()) {
            inputs.removeLast();
        }
        return inputs;
    }

    /** Reads a pair of files. @throws IllegalStateException when they disagree on the number of cases */
    public static List<Case> read(Path inp, Path out) {
        try {
            List<String> inputs = parseInputs(Files.readString(inp, StandardCharsets.UTF_8));
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            if (lines.size() != inputs.size()) {
                throw new IllegalStateException(inp + " has " + inputs.size() + " strings but " + out + " has "
                        + lines.size() + " lines");
            }
            List<Case> cases = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                String line = lines.get(i).trim();
                int[] ids = line.isEmpty() ? new int[0]
                        : Arrays.stream(line.split("\\s+")).mapToInt(Integer::parseInt).toArray();
                cases.add(new Case(i, inputs.get(i), ids));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cases of a reference vocabulary, e.g. {@code "tokenizer-vectors/ggml-vocab-qwen2.gguf"}. */
    public static List<Case> reference(String prefix) {
        return reference(prefix, "");
    }

    /** Cases from {@code prefix + suffix + ".inp"} and {@code ".out"} in the bundled reference data. */
    public static List<Case> reference(String prefix, String suffix) {
        return read(ReferenceFiles.path(prefix + suffix + ".inp"), ReferenceFiles.path(prefix + suffix + ".out"));
    }

    /** Formats ids the way {@code .out} files do: one line, each id preceded by a space. */
    public static String formatOutLine(int[] ids) {
        StringBuilder line = new StringBuilder();
        for (int id : ids) {
            line.append(' ').append(id);
        }
        return line.toString();
    }
}
