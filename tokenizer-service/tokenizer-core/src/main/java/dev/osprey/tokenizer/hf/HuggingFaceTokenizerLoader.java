package dev.osprey.tokenizer.hf;

import dev.osprey.tokenizer.BpeTokenizer;
import dev.osprey.tokenizer.SpecialTokenCandidate;
import dev.osprey.tokenizer.TokenType;
import dev.osprey.tokenizer.TokenizerModel;
import dev.osprey.tokenizer.Vocabulary;
import dev.osprey.tokenizer.bpe.MergeTable;
import dev.osprey.tokenizer.pretokenize.PreTokenizer;
import dev.osprey.tokenizer.pretokenize.RegexSplitter;
import dev.osprey.tokenizer.text.TextNormalizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads a Hugging Face {@code tokenizer.json} (BPE models: byte-level like Qwen and Llama 3, or
 * character-level with byte fallback like Llama 2), with the {@code tokenizer_config.json} beside it
 * when present (BOS/EOS, add_bos_token, chat template). Added tokens become control tokens when
 * special or when they look special ({@code <|...|>}, {@code <｜...｜>}), user-defined otherwise, as
 * llama.cpp's converter types them.
 */
public final class HuggingFaceTokenizerLoader {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HuggingFaceTokenizerLoader() {
    }

    /** @throws IOException naming the file for unreadable or unsupported content */
    public static BpeTokenizer load(Path tokenizerJson) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(tokenizerJson.toFile());
        } catch (JacksonException e) {
            throw new IOException(tokenizerJson + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        Path configPath = tokenizerJson.resolveSibling("tokenizer_config.json");
        JsonNode config = null;
        if (Files.isRegularFile(configPath)) {
            try {
                config = JSON.readTree(configPath.toFile());
            } catch (JacksonException e) {
                throw new IOException(configPath + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
        try {
            return build(root, config);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    static BpeTokenizer build(JsonNode root, JsonNode config) {
        JsonNode model = root.path("model");
        String type = model.path("type").asString("BPE");
        if (!type.equals("BPE")) {
            throw new IllegalArgumentException("unsupported tokenizer model type '" + type + "' (supported: BPE)");
        }
        boolean byteLevel = usesByteLevel(root.path("pre_tokenizer")) || usesByteLevel(root.path("decoder"));

        Map<Integer, String> byId = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : model.path("vocab").properties()) {
            byId.put(e.getValue().asInt(), e.getKey());
        }
        Map<Integer, JsonNode> added = new HashMap<>();
        for (JsonNode token : root.path("added_tokens")) {
            int id = token.path("id").asInt();
            added.put(id, token);
            byId.put(id, token.path("content").asString());
        }
        int size = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        if (size == 0) {
            throw new IllegalArgumentException("the vocabulary is empty");
        }
        List<String> tokens = new ArrayList<>(size);
        TokenType[] types = new TokenType[size];
        String unk = model.path("unk_token").isString() ? model.path("unk_token").asString() : null;
        for (int id = 0; id < size; id++) {
            String token = byId.get(id);
            if (token == null) {
                tokens.add("[PAD" + id + "]");
                types[id] = TokenType.UNUSED;
                continue;
            }
            tokens.add(token);
            JsonNode addedToken = added.get(id);
            if (token.equals(unk)) {
                types[id] = TokenType.UNKNOWN;
            } else if (addedToken != null) {
                types[id] = addedToken.path("special").asBoolean(false) || SpecialTokenCandidate.looksSpecial(token)
                        ? TokenType.CONTROL : TokenType.USER_DEFINED;
            } else if (!byteLevel && token.length() == 6 && token.matches("<0x[0-9A-F]{2}>")) {
                types[id] = TokenType.BYTE;
            } else {
                types[id] = TokenType.NORMAL;
            }
        }

        Vocabulary.Builder vocab = Vocabulary.builder(byteLevel ? TokenizerModel.GPT2 : TokenizerModel.LLAMA)
                .preTokenizer("hf")
                .tokens(tokens)
                .types(types)
                .ignoreMerges(model.path("ignore_merges").asBoolean(false));
        List<String[]> merges = readMerges(model.path("merges"));
        vocab.merges(merges.stream().map(m -> m[0] + " " + m[1]).toList());
        applySpecialTokens(vocab, tokens, root, config, unk);
        vocab.addSpacePrefix(prependsDummyPrefix(root.path("normalizer")));
        Vocabulary vocabulary = vocab.build();

        TextNormalizer normalizer = normalizer(root.path("normalizer"));
        PreTokenizer preTokenizer = preTokenizer(root.path("pre_tokenizer"));
        if (prependsSpace(root.path("pre_tokenizer"))) {
            normalizer = TextNormalizer.sequence(List.of(normalizer,
                    t -> t.text().startsWith(" ") ? t : t.prepend(" ")));
        }
        BpeTokenizer.Fallback fallback = model.path("byte_fallback").asBoolean(false) ? BpeTokenizer.Fallback.BYTE_TOKENS
                : model.path("fuse_unk").asBoolean(false) ? BpeTokenizer.Fallback.FUSED_UNKNOWN_TOKEN
                : BpeTokenizer.Fallback.UNKNOWN_TOKEN;
        List<SpecialTokenCandidate> specials = new ArrayList<>();
        for (Map.Entry<Integer, JsonNode> e : added.entrySet()) {
            JsonNode t = e.getValue();
            specials.add(new SpecialTokenCandidate(e.getKey(), t.path("content").asString(),
                    types[e.getKey()] == TokenType.USER_DEFINED,
                    t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false)));
        }
        return new BpeTokenizer(new BpeTokenizer.Config(vocabulary, MergeTable.fromRankedMerges(vocabulary, merges),
                normalizer, preTokenizer, byteLevel, vocabulary.ignoreMerges(), fallback, specials));
    }

    private static List<String[]> readMerges(JsonNode merges) {
        List<String[]> out = new ArrayList<>(merges.size());
        for (JsonNode merge : merges) {
            if (merge.isArray() && merge.size() == 2) {
                out.add(new String[] {merge.get(0).asString(), merge.get(1).asString()});
            } else if (merge.isString()) {
                String[] parts = merge.asString().split(" ", -1);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("merge '" + merge.asString() + "' is not two tokens separated by one space");
                }
                out.add(parts);
            } else {
                throw new IllegalArgumentException("merge " + merge + " is neither \"a b\" nor [\"a\", \"b\"]");
            }
        }
        return out;
    }

    private static void applySpecialTokens(Vocabulary.Builder vocab, List<String> tokens, JsonNode root,
                                           JsonNode config, String unk) {
        Map<String, Integer> ids = new HashMap<>();
        for (int id = tokens.size() - 1; id >= 0; id--) {
            ids.put(tokens.get(id), id);
        }
        if (unk != null && ids.containsKey(unk)) {
            vocab.special(Vocabulary.Role.UNK, ids.get(unk));
        }
        String bos = templateBos(root.path("post_processor"));
        boolean addBos = bos != null;
        boolean addEos = false;
        if (config != null) {
            bos = tokenText(config.path("bos_token"), bos);
            setRole(vocab, ids, Vocabulary.Role.EOS, tokenText(config.path("eos_token"), null));
            setRole(vocab, ids, Vocabulary.Role.PAD, tokenText(config.path("pad_token"), null));
            String configUnk = tokenText(config.path("unk_token"), null);
            setRole(vocab, ids, Vocabulary.Role.UNK, configUnk);
            if (config.has("add_bos_token")) {
                addBos = config.path("add_bos_token").asBoolean(false);
            }
            addEos = config.path("add_eos_token").asBoolean(false);
            JsonNode template = config.path("chat_template");
            if (template.isString()) {
                vocab.chatTemplate(template.asString());
            } else if (template.isArray()) {
                for (JsonNode named : template) {
                    if ("default".equals(named.path("name").asString(""))) {
                        vocab.chatTemplate(named.path("template").asString());
                    }
                }
            }
        }
        setRole(vocab, ids, Vocabulary.Role.BOS, bos);
        vocab.addBos(addBos && bos != null && ids.containsKey(bos)).addEos(addEos);
        for (String[] fim : new String[][] {
                {"<|fim_prefix|>", "FIM_PREFIX"}, {"<|fim_suffix|>", "FIM_SUFFIX"}, {"<|fim_middle|>", "FIM_MIDDLE"},
                {"<|fim_pad|>", "FIM_PAD"}, {"<|repo_name|>", "FIM_REPO"}, {"<|file_sep|>", "FIM_SEP"},
                {"<|eot_id|>", "EOT"}, {"<|im_end|>", "EOT"}}) {
            setRole(vocab, ids, Vocabulary.Role.valueOf(fim[1]), fim[0]);
        }
    }

    private static void setRole(Vocabulary.Builder vocab, Map<String, Integer> ids, Vocabulary.Role role, String text) {
        if (text != null && ids.containsKey(text)) {
            vocab.special(role, ids.get(text));
        }
    }

    /** A special token in tokenizer_config.json: a string or {"content": ...}. */
    private static String tokenText(JsonNode node, String fallback) {
        if (node.isString()) {
            return node.asString();
        }
        if (node.isObject() && node.path("content").isString()) {
            return node.path("content").asString();
        }
        return fallback;
    }

    /** The BOS a TemplateProcessing post-processor puts first, if any. */
    private static String templateBos(JsonNode processor) {
        if (processor.path("type").asString("").equals("Sequence")) {
            for (JsonNode step : processor.path("processors")) {
                String bos = templateBos(step);
                if (bos != null) {
                    return bos;
                }
            }
            return null;
        }
        if (!processor.path("type").asString("").equals("TemplateProcessing")) {
            return null;
        }
        JsonNode first = processor.path("single").path(0);
        return first.has("SpecialToken") ? first.path("SpecialToken").path("id").asString(null) : null;
    }

    private static boolean usesByteLevel(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        String type = node.path("type").asString("");
        if (type.equals("ByteLevel")) {
            return true;
        }
        for (String children : new String[] {"pretokenizers", "decoders"}) {
            for (JsonNode child : node.path(children)) {
                if (usesByteLevel(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the normalizer puts SentencePiece's "▁" before the text (decoding then drops that space). */
    private static boolean prependsDummyPrefix(JsonNode node) {
        if (node.path("type").asString("").equals("Prepend")) {
            return node.path("prepend").asString("").equals("\u2581");
        }
        for (JsonNode child : node.path("normalizers")) {
            if (prependsDummyPrefix(child)) {
                return true;
            }
        }
        return false;
    }

    private static boolean prependsSpace(JsonNode node) {
        if (node.path("type").asString("").equals("ByteLevel")) {
            return node.path("add_prefix_space").asBoolean(false);
        }
        for (JsonNode child : node.path("pretokenizers")) {
            if (prependsSpace(child)) {
                return true;
            }
        }
        return false;
    }

    static TextNormalizer normalizer(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return TextNormalizer.IDENTITY;
        }
        String type = node.path("type").asString("");
        return switch (type) {
            case "Sequence" -> {
                List<TextNormalizer> steps = new ArrayList<>();
                for (JsonNode child : node.path("normalizers")) {
                    steps.add(normalizer(child));
                }
                yield TextNormalizer.sequence(steps);
            }
            case "NFC" -> t -> t.normalize(java.text.Normalizer.Form.NFC);
            case "NFD" -> t -> t.normalize(java.text.Normalizer.Form.NFD);
            case "NFKC" -> t -> t.normalize(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> t -> t.normalize(java.text.Normalizer.Form.NFKD);
            case "Lowercase" -> dev.osprey.tokenizer.text.AlignedText::lowercase;
            case "Prepend" -> {
                String prefix = node.path("prepend").asString("");
                yield t -> t.prepend(prefix);
            }
            case "Replace" -> {
                if (!node.path("pattern").has("String")) {
                    throw new IllegalArgumentException("unsupported Replace normalizer pattern " + node.path("pattern")
                            + " (only {\"String\": ...} patterns are supported)");
                }
                String target = node.path("pattern").path("String").asString();
                String content = node.path("content").asString("");
                yield t -> t.replace(target, content);
            }
            default -> throw new IllegalArgumentException("unsupported normalizer '" + type
                    + "' (supported: Sequence, NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace)");
        };
    }

    static PreTokenizer preTokenizer(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return PreTokenizer.WHOLE;
        }
        String type = node.path("type").asString("");
        return switch (type) {
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                for (JsonNode child : node.path("pretokenizers")) {
                    steps.add(preTokenizer(child));
                }
                yield PreTokenizer.sequence(steps);
            }
            case "ByteLevel" -> node.path("use_regex").asBoolean(true)
                    ? RegexSplitter.of("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
                            RegexSplitter.Behavior.ISOLATED, false)
                    : PreTokenizer.WHOLE;
            case "Split" -> {
                JsonNode pattern = node.path("pattern");
                RegexSplitter.Behavior behavior = behavior(node.path("behavior").asString("Isolated"));
                boolean invert = node.path("invert").asBoolean(false);
                if (pattern.has("Regex")) {
                    yield RegexSplitter.of(pattern.path("Regex").asString(), behavior, invert);
                }
                yield RegexSplitter.literal(pattern.path("String").asString(), behavior, invert);
            }
            case "Digits" -> RegexSplitter.of(node.path("individual_digits").asBoolean(false) ? "\\p{N}" : "\\p{N}+",
                    RegexSplitter.Behavior.ISOLATED, false);
            default -> throw new IllegalArgumentException("unsupported pre-tokenizer '" + type
                    + "' (supported: Sequence, ByteLevel, Split, Digits)");
        };
    }

    private static RegexSplitter.Behavior behavior(String name) {
        return switch (name) {
            case "Isolated" -> RegexSplitter.Behavior.ISOLATED;
            case "Removed" -> RegexSplitter.Behavior.REMOVED;
            case "MergedWithPrevious" -> RegexSplitter.Behavior.MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> RegexSplitter.Behavior.MERGED_WITH_NEXT;
            case "Contiguous" -> RegexSplitter.Behavior.CONTIGUOUS;
            default -> throw new IllegalArgumentException("unknown split behavior '" + name + "'");
        };
    }
}
