package dev.osprey.cli;

import dev.osprey.engine.EngineException;
import dev.osprey.engine.Model;
import dev.osprey.engine.generate.GeneratedToken;
import dev.osprey.engine.generate.GenerationListener;
import dev.osprey.engine.generate.GenerationResult;
import dev.osprey.engine.generate.Generator;
import dev.osprey.engine.sampling.SamplingParameters;
import dev.osprey.tokenizer.EncodeOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/** {@code osprey generate}: sample a continuation of a prompt with a GGUF model. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a continuation of a prompt (text or token ids) with a GGUF model.")
final class GenerateCommand implements Callable<Integer> {
    private static final int TOP_LOGITS = 5;

    @Mixin
    ModelOptions modelOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Prompt prompt;

    static final class Prompt {
        @Option(names = "--prompt", paramLabel = "TEXT",
                description = "prompt text, encoded by the model's tokenizer (BOS as the vocabulary says)")
        String text;

        @Option(names = "--prompt-ids", paramLabel = "IDS", converter = TokenIds.Converter.class,
                description = "prompt token ids, e.g. 1,2,3 (used as given)")
        TokenIds ids;
    }

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "128",
            description = "most tokens to generate (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8",
            description = "sampling temperature, 0 = greedy (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "40", description = "0 = off (default: ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.95", description = "in (0, 1], 1 = off (default: ${DEFAULT-VALUE})")
    double topP;

    @Option(names = "--min-p", paramLabel = "P", defaultValue = "0.05", description = "in [0, 1], 0 = off (default: ${DEFAULT-VALUE})")
    double minP;

    @Option(names = "--repeat-penalty", paramLabel = "R", defaultValue = "1.0", description = "1 = off (default: ${DEFAULT-VALUE})")
    double repeatPenalty;

    @Option(names = "--presence-penalty", paramLabel = "P", defaultValue = "0", description = "in [-2, 2] (default: ${DEFAULT-VALUE})")
    double presencePenalty;

    @Option(names = "--frequency-penalty", paramLabel = "P", defaultValue = "0", description = "in [-2, 2] (default: ${DEFAULT-VALUE})")
    double frequencyPenalty;

    @Option(names = "--seed", paramLabel = "S", description = "random seed; the same seed gives the same output")
    Long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "stop before this text (repeatable)")
    List<String> stop = new ArrayList<>();

    @Option(names = "--ignore-eos", description = "keep generating past end-of-generation tokens")
    boolean ignoreEos;

    @Option(names = "--logit-bias", paramLabel = "ID=BIAS[,ID=BIAS...]", converter = LogitBiasConverter.class,
            description = "add BIAS to token ID's logit, in [-100, 100] (-100 in effect bans it)")
    LogitBiasConverter.LogitBias logitBias = LogitBiasConverter.LogitBias.NONE;

    @Option(names = "--output", paramLabel = "text|ids|json", defaultValue = "text",
            description = "text: the continuation as it streams; ids: generated ids on one line; "
                    + "json: ids, text and per-token top-5 logits (default: ${DEFAULT-VALUE})")
    Output output;

    enum Output { text, ids, json }

    @Override
    public Integer call() {
        SamplingParameters.Builder builder = SamplingParameters.builder()
                .maxTokens(maxTokens)
                .temperature(temperature)
                .topK(topK)
                .topP(topP)
                .minP(minP)
                .repetitionPenalty(repeatPenalty)
                .presencePenalty(presencePenalty)
                .frequencyPenalty(frequencyPenalty)
                .stopStrings(stop)
                .logitBias(logitBias.byId());
        if (seed != null) {
            builder.seed(seed);
        }
        SamplingParameters params = builder.build();
        try (Model model = modelOptions.load()) {
            int[] ids = prompt.ids != null ? prompt.ids.ids() : model.tokenizer().encode(prompt.text, EncodeOptions.PROMPT);
            if (ids.length == 0) {
                throw new EngineException("the prompt encodes to no tokens");
            }
            PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            GenerationListener listener = output == Output.text ? new GenerationListener() {
                @Override
                public void token(GeneratedToken token) {
                    out.print(token.text());
                    out.flush();
                }

                @Override
                public void trailingText(String text) {
                    out.print(text);
                }
            } : token -> { };
            Generator generator = new Generator(model).ignoringEndOfGeneration(ignoreEos);
            GenerationResult result = generator.generate(ids, params, output == Output.json ? TOP_LOGITS : 0, listener);
            switch (output) {
                case text -> out.println();
                case ids -> out.println(String.join(" ", Arrays.stream(result.ids()).mapToObj(String::valueOf).toList()));
                case json -> out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(json(ids, result)));
            }
            double promptSeconds = result.promptNanos() / 1e9;
            double genSeconds = result.generationNanos() / 1e9;
            System.err.printf("osprey: %d prompt tokens, %d generated (%s); prompt+first token %.1f ms, "
                            + "%.2f tokens/s after%n",
                    ids.length, result.tokens().size(), result.finishReason().name().toLowerCase(),
                    promptSeconds * 1e3, result.tokens().size() > 1 ? (result.tokens().size() - 1) / genSeconds : 0.0);
        }
        return 0;
    }

    private static Map<String, Object> json(int[] prompt, GenerationResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("prompt_ids", prompt);
        root.put("ids", result.ids());
        root.put("text", result.text());
        root.put("finish_reason", result.finishReason().name().toLowerCase());
        List<Map<String, Object>> tokens = new ArrayList<>();
        for (GeneratedToken t : result.tokens()) {
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("id", t.id());
            token.put("text", t.text());
            List<Map<String, Object>> top = new ArrayList<>();
            for (GeneratedToken.ScoredToken s : t.topLogits()) {
                top.add(Map.of("id", s.id(), "logit", s.logit()));
            }
            token.put("top_logits", top);
            tokens.add(token);
        }
        root.put("tokens", tokens);
        return root;
    }
}
