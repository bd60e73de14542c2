package dev.osprey.tokenizer.gguf;

import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufMetadata;
import dev.osprey.tokenizer.BpeTokenizer;
import dev.osprey.tokenizer.SpecialTokenCandidate;
import dev.osprey.tokenizer.TokenAttribute;
import dev.osprey.tokenizer.TokenType;
import dev.osprey.tokenizer.TokenizerModel;
import dev.osprey.tokenizer.Vocabulary;
import dev.osprey.tokenizer.bpe.MergeTable;
import dev.osprey.tokenizer.pretokenize.LlamaCppPreTokenizers;
import dev.osprey.tokenizer.pretokenize.PreTokenizer;
import dev.osprey.tokenizer.text.TextNormalizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * Builds a tokenizer from GGUF metadata ({@code tokenizer.ggml.*}) with llama.cpp's defaults:
 * 'llama' vocabularies are SentencePiece BPE over scores with a dummy space prefix and BOS;
 * 'gpt2' vocabularies are byte-level BPE over merges with the pre-tokenizer named by
 * {@code tokenizer.ggml.pre}. Token attributes (which tokens are cut out whole, which swallow
 * neighbouring whitespace) follow llama.cpp's load-time rules: {@link ControlLookingTokens}, then
 * {@link NameKeyedStripRules}.
 */
public final class GgufTokenizerLoader {
    static final String PREFIX = "tokenizer.ggml.";

    private static final Map<String, Vocabulary.Role> ROLE_KEYS = Map.ofEntries(
            Map.entry("bos_token_id", Vocabulary.Role.BOS),
            Map.entry("eos_token_id", Vocabulary.Role.EOS),
            Map.entry("eot_token_id", Vocabulary.Role.EOT),
            Map.entry("eom_token_id", Vocabulary.Role.EOM),
            Map.entry("unknown_token_id", Vocabulary.Role.UNK),
            Map.entry("seperator_token_id", Vocabulary.Role.SEP),
            Map.entry("padding_token_id", Vocabulary.Role.PAD),
            Map.entry("mask_token_id", Vocabulary.Role.MASK),
            Map.entry("fim_pre_token_id", Vocabulary.Role.FIM_PREFIX),
            Map.entry("fim_suf_token_id", Vocabulary.Role.FIM_SUFFIX),
            Map.entry("fim_mid_token_id", Vocabulary.Role.FIM_MIDDLE),
            Map.entry("fim_pad_token_id", Vocabulary.Role.FIM_PAD),
            Map.entry("fim_rep_token_id", Vocabulary.Role.FIM_REPO),
            Map.entry("fim_sep_token_id", Vocabulary.Role.FIM_SEP),
            Map.entry("prefix_token_id", Vocabulary.Role.FIM_PREFIX),
            Map.entry("suffix_token_id", Vocabulary.Role.FIM_SUFFIX),
            Map.entry("middle_token_id", Vocabulary.Role.FIM_MIDDLE));

    /** End-of-turn tokens llama.cpp recognises by text when the file names none. */
    private static final List<String> EOT_TEXTS = List.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",
            "<|endoftext|>", "<EOT>", "▁<EOT>", "<｜end▁of▁sentence｜>");

    private GgufTokenizerLoader() {
    }

    /** @throws IOException naming the file for unreadable, corrupt or unsupported vocabularies */
    public static BpeTokenizer load(Path path) throws IOException {
        try (GgufFile file = GgufFile.open(path)) {
            return fromMetadata(file.metadata());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the key that is missing, mistyped or unsupported */
    public static BpeTokenizer fromMetadata(GgufMetadata metadata) {
        String modelName = metadata.findString(PREFIX + "model")
                .orElseThrow(() -> new IllegalArgumentException("no tokenizer in the file (" + PREFIX + "model is missing)"));
        TokenizerModel model = TokenizerModel.fromGgufName(modelName);
        List<String> tokens = new ArrayList<>(metadata.findStringArray(PREFIX + "tokens")
                .orElseThrow(() -> new IllegalArgumentException("no vocabulary in the file (" + PREFIX + "tokens is missing)")));
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isEmpty()) {
                tokens.set(i, "[EMPTY_" + i + "]");
            }
        }
        int n = tokens.size();
        float[] scores = scores(metadata, n);
        TokenType[] types = types(metadata, n);

        String pre = metadata.findString(PREFIX + "pre").orElse("default");
        Vocabulary.Builder builder = Vocabulary.builder(model).tokens(tokens).scores(scores).types(types)
                .chatTemplate(metadata.findString("tokenizer.chat_template").orElse(null));
        LlamaCppPreTokenizers.Spec spec = null;
        List<String[]> merges = List.of();
        if (model == TokenizerModel.GPT2) {
            spec = LlamaCppPreTokenizers.require(pre);
            merges = merges(metadata.findStringArray(PREFIX + "merges")
                    .orElseThrow(() -> new IllegalArgumentException("byte-level vocabulary without merges ("
                            + PREFIX + "merges is missing)")));
            builder.preTokenizer(pre).merges(merges.stream().map(m -> m[0] + " " + m[1]).toList())
                    .ignoreMerges(spec.ignoreMerges())
                    .addBos(metadata.findBoolean(PREFIX + "add_bos_token").orElse(spec.addBos()))
                    .addEos(metadata.findBoolean(PREFIX + "add_eos_token").orElse(false))
                    .addSpacePrefix(metadata.findBoolean(PREFIX + "add_space_prefix").orElse(false));
        } else {
            builder.preTokenizer("default")
                    .addBos(metadata.findBoolean(PREFIX + "add_bos_token").orElse(true))
                    .addEos(metadata.findBoolean(PREFIX + "add_eos_token").orElse(false))
                    .addSpacePrefix(metadata.findBoolean(PREFIX + "add_space_prefix").orElse(true));
        }
        Set<Vocabulary.Role> declaredRoles = assignRoles(builder, metadata, model, tokens);
        builder.attributes(attributes(metadata, tokens, types, declaredRoles));
        Vocabulary vocabulary = builder.build();

        if (model == TokenizerModel.GPT2) {
            return new BpeTokenizer(new BpeTokenizer.Config(vocabulary, MergeTable.fromRankedMerges(vocabulary, merges),
                    TextNormalizer.IDENTITY, spec.preTokenizer(), true, spec.ignoreMerges(),
                    BpeTokenizer.Fallback.BYTE_TOKENS, SpecialTokenCandidate.of(vocabulary)));
        }
        return new BpeTokenizer(new BpeTokenizer.Config(vocabulary, MergeTable.fromScores(vocabulary),
                TextNormalizer.sentencePiece(vocabulary.addSpacePrefix()), PreTokenizer.WHOLE, false, false,
                BpeTokenizer.Fallback.BYTE_TOKENS, SpecialTokenCandidate.of(vocabulary)));
    }

    /** Token attributes as llama.cpp derives them at load: from the types, then its text- and name-keyed rules. */
    private static int[] attributes(GgufMetadata metadata, List<String> tokens, TokenType[] types,
                                    Set<Vocabulary.Role> declaredRoles) {
        int[] attributes = new int[types.length];
        Map<String, Integer> ids = HashMap.newHashMap(tokens.size());
        for (int id = 0; id < types.length; id++) {
            attributes[id] = TokenAttribute.of(types[id]);
            ids.putIfAbsent(tokens.get(id), id);
        }
        ControlLookingTokens.apply(ids, attributes, declaredRoles);
        NameKeyedStripRules.apply(ids, attributes, metadata.findString("general.name").orElse(""),
                metadata.findString(PREFIX + "pre").orElse(""), metadata.findString("general.architecture").orElse(""));
        return attributes;
    }

    private static float[] scores(GgufMetadata metadata, int n) {
        Optional<float[]> floats;
        try {
            floats = metadata.findFloatArray(PREFIX + "scores");
        } catch (RuntimeException notFloat) {
            int[] ints = metadata.getIntArray(PREFIX + "scores");
            floats = Optional.of(toFloats(ints));
        }
        float[] scores = floats.orElse(new float[n]);
        if (scores.length < n) {
            throw new IllegalArgumentException(PREFIX + "scores has " + scores.length + " entries for " + n + " tokens");
        }
        return scores.length == n ? scores : java.util.Arrays.copyOf(scores, n);
    }

    private static float[] toFloats(int[] ints) {
        float[] out = new float[ints.length];
        for (int i = 0; i < ints.length; i++) {
            out[i] = ints[i];
        }
        return out;
    }

    private static TokenType[] types(GgufMetadata metadata, int n) {
        TokenType[] types = new TokenType[n];
        java.util.Arrays.fill(types, TokenType.NORMAL);
        Optional<int[]> codes = metadata.findIntArray(PREFIX + "token_type");
        if (codes.isPresent()) {
            int[] c = codes.get();
            if (c.length < n) {
                throw new IllegalArgumentException(PREFIX + "token_type has " + c.length + " entries for " + n + " tokens");
            }
            for (int i = 0; i < n; i++) {
                types[i] = c[i] >= 0 && c[i] <= 6 ? TokenType.fromCode(c[i]) : TokenType.UNDEFINED;
            }
        }
        return types;
    }

    /** Merges as llama.cpp splits them: at the first space after the first byte. */
    private static List<String[]> merges(List<String> lines) {
        List<String[]> merges = new ArrayList<>(lines.size());
        for (String line : lines) {
            int space = line.indexOf(' ', 1);
            merges.add(space < 0 ? new String[] {"", ""} : new String[] {line.substring(0, space), line.substring(space + 1)});
        }
        return merges;
    }

    /** @return the roles whose ids the file gives (in range) */
    private static Set<Vocabulary.Role> assignRoles(Vocabulary.Builder builder, GgufMetadata metadata,
                                                    TokenizerModel model, List<String> tokens) {
        int n = tokens.size();
        if (model == TokenizerModel.LLAMA) {
            setIfInRange(builder, Vocabulary.Role.UNK, 0, n);
            setIfInRange(builder, Vocabulary.Role.BOS, 1, n);
            setIfInRange(builder, Vocabulary.Role.EOS, 2, n);
        } else {
            setIfInRange(builder, Vocabulary.Role.BOS, 11, n);
            setIfInRange(builder, Vocabulary.Role.EOS, 11, n);
        }
        Set<Vocabulary.Role> declared = EnumSet.noneOf(Vocabulary.Role.class);
        for (Map.Entry<String, Vocabulary.Role> entry : ROLE_KEYS.entrySet()) {
            var id = metadata.findLong(PREFIX + entry.getKey());
            if (id.isPresent() && id.getAsLong() >= 0 && id.getAsLong() < n) {
                builder.special(entry.getValue(), (int) id.getAsLong());
                declared.add(entry.getValue());
            }
        }
        if (!declared.contains(Vocabulary.Role.EOT)) {
            for (String text : EOT_TEXTS) {
                int id = tokens.indexOf(text);
                if (id >= 0) {
                    builder.special(Vocabulary.Role.EOT, id);
                    break;
                }
            }
        }
        return declared;
    }

    private static void setIfInRange(Vocabulary.Builder builder, Vocabulary.Role role, int id, int n) {
        if (id < n) {
            builder.special(role, id);
        }
    }
}
