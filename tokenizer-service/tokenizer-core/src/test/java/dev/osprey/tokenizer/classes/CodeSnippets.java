package dev.osprey.tokenizer.classes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The real-code snippets in {@code code-snippets.inp} (see the README beside it), with their languages. */
final class CodeSnippets {
    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    /**
     * @param index     position in the file, 0-based
     * @param language  the tsv's language column: java, python, c, go, rust, js, shell, cpp
     * @param transform verbatim, crlf, tabs, unicode_ids, emoji, wide_ws or special_text
     */
    record Snippet(int index, String language, String transform, String text) {
        /** The classifier's language; empty for shell. */
        Optional<SourceLanguage> sourceLanguage() {
            return language.equals("shell") ? Optional.empty() : Optional.of(SourceLanguage.fromName(language));
        }

        @Override
        public String toString() {
            return index + " " + language + " " + transform;
        }
    }

    static final List<Snippet> ALL = load();

    private CodeSnippets() {
    }

    static Snippet get(int index) {
        return ALL.get(index);
    }

    /** The snippets in a language the classifier supports. */
    static List<Snippet> supported() {
        return ALL.stream().filter(s -> s.sourceLanguage().isPresent()).toList();
    }

    private static List<Snippet> load() {
        String text = resource("code-snippets.inp");
        String[] rows = resource("code-snippets.tsv").split("\n");
        List<Snippet> snippets = new ArrayList<>();
        int from = 0;
        for (String row : rows) {
            String[] columns = row.split("\t");
            int end = text.indexOf(SEPARATOR, from);
            snippets.add(new Snippet(Integer.parseInt(columns[0]), columns[1], columns[4], text.substring(from, end)));
            from = end + SEPARATOR.length();
        }
        if (from != text.length()) {
            throw new IllegalStateException("code-snippets.inp has more strings than code-snippets.tsv has rows");
        }
        return List.copyOf(snippets);
    }

    private static String resource(String name) {
        try (InputStream in = CodeSnippets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
