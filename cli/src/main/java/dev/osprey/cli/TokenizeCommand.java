package dev.osprey.cli;

import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Encoding;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Tokenizers;
import dev.osprey.tokenizer.text.Utf8;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code osprey tokenize}: ids for a text or a file. A file in llama.cpp's {@code .inp} layout
 * (strings separated by the line {@code __ggml_vocab_test__}) gives one line per string in the
 * {@code .out} layout, so {@code diff} against llama.cpp's output works.
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Tokenize text with a GGUF or tokenizer.json vocabulary.")
final class TokenizeCommand implements Callable<Integer> {
    static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    @Option(names = "--vocab", required = true, paramLabel = "FILE", description = "a GGUF file or a tokenizer.json")
    Path vocab;

    @ArgGroup(multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", paramLabel = "STR", description = "the text to tokenize")
        String text;

        @Option(names = "--file", paramLabel = "PATH", description = "a UTF-8 file to tokenize (a llama.cpp .inp file gives one line per string)")
        Path file;
    }

    @Option(names = "--format", defaultValue = "ids", paramLabel = "ids|json",
            description = "ids: space-separated ids; json: ids with pieces and byte spans (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--add-special", description = "add BOS/EOS as the vocabulary declares")
    boolean addSpecial;

    @Option(names = "--parse-special", description = "match special-token text (e.g. <|im_end|>) as special tokens")
    boolean parseSpecial;

    enum Format { ids, json }

    @Override
    public Integer call() throws Exception {
        Tokenizer tokenizer = Tokenizers.load(vocab);
        EncodeOptions options = new EncodeOptions(addSpecial, parseSpecial);
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        if (input.text != null) {
            print(tokenizer, List.of(input.text), options, out, false);
        } else {
            String content = Utf8.decodeStrict(Files.readAllBytes(input.file));
            boolean vectors = content.contains(SEPARATOR);
            print(tokenizer, vectors ? splitVectors(content) : List.of(content), options, out, vectors);
        }
        out.flush();
        return 0;
    }

    static List<String> splitVectors(String content) {
        List<String> strings = new ArrayList<>(List.of(content.split(SEPARATOR, -1)));
        if (!strings.isEmpty() && strings.getLast().isEmpty()) {
            strings.removeLast();
        }
        return strings;
    }

    private void print(Tokenizer tokenizer, List<String> texts, EncodeOptions options, PrintWriter out, boolean outLayout) {
        if (format == Format.json) {
            List<Object> results = new ArrayList<>();
            for (String text : texts) {
                results.add(json(tokenizer, tokenizer.encodeWithSpans(text, options)));
            }
            JsonMapper mapper = JsonMapper.builder().build();
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(texts.size() == 1 ? results.getFirst() : results));
            return;
        }
        for (String text : texts) {
            int[] ids = tokenizer.encode(text, options);
            StringBuilder line = new StringBuilder();
            for (int id : ids) {
                if (outLayout || !line.isEmpty()) {
                    line.append(' ');
                }
                line.append(id);
            }
            out.println(line);
        }
    }

    private static Map<String, Object> json(Tokenizer tokenizer, Encoding encoding) {
        List<Map<String, Object>> tokens = new ArrayList<>();
        for (int i = 0; i < encoding.size(); i++) {
            int id = encoding.ids()[i];
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("id", id);
            token.put("token", tokenizer.vocabulary().token(id));
            token.put("piece", new String(tokenizer.piece(id, true), StandardCharsets.UTF_8));
            token.put("start", encoding.starts()[i]);
            token.put("end", encoding.ends()[i]);
            tokens.add(token);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", encoding.size());
        result.put("ids", encoding.ids());
        result.put("tokens", tokens);
        return result;
    }
}
