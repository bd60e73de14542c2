package dev.osprey.tokenizer.pretokenize;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The pre-tokenizers a byte-level GGUF vocabulary names in {@code tokenizer.ggml.pre}, with the
 * regexes and flags llama.cpp uses for each (llama-vocab.cpp, {@code llm_tokenizer_bpe}). Names
 * that share a pre-tokenizer in llama.cpp share one here.
 */
public final class LlamaCppPreTokenizers {

    /**
     * @param regexes      applied in order, each splitting the pieces of the previous one
     * @param ignoreMerges a word that is itself a token is emitted whole (llama3 and friends)
     * @param addBos       the BOS default before {@code tokenizer.ggml.add_bos_token} overrides it
     */
    public record Spec(String family, List<String> regexes, boolean ignoreMerges, boolean addBos) {
        public PreTokenizer preTokenizer() {
            return RegexSplitter.llamaCpp(regexes);
        }
    }

    /** llama.cpp's case-insensitive contractions, also the start of the regexes {@link AsciiCodeSplit} matches. */
    static final String CONTRACTIONS_CI = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
    private static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
    private static final String LLAMA3 = CONTRACTIONS_CI
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String QWEN2 = CONTRACTIONS_CI
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String CJK = "[一-龥ࠀ-一가-퟿]+";

    private static final Spec DEFAULT = new Spec("default", List.of(
            "[\\p{P}\\$\\+<=>\\^~\\|]+", GPT2, "\\p{N}+", "[0-9][0-9][0-9]"), false, false);
    private static final Spec LLAMA3_SPEC = new Spec("llama3", List.of(LLAMA3), true, true);
    private static final Spec DBRX = new Spec("dbrx", List.of(LLAMA3), false, false);
    private static final Spec DEEPSEEK_LLM = new Spec("deepseek-llm", List.of(
            "[\r\n]",
            "\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-\u1F7Dᾀ-ᾴᾶ-ᾼ\u1FBEῂ-ῄῆ-ῌῐ-\u1FD3ῖ-\u1FDBῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤ\u2126ℨ\u212A-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+",
            "\\s?[!-/:-~！-／：-～‘-‟　-。]+",
            "\\s+$",
            CJK,
            "\\p{N}+"), false, false);
    private static final Spec DEEPSEEK_CODER = new Spec("deepseek-coder", List.of(
            "[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", CJK, "\\p{N}"), false, false);
    private static final Spec DEEPSEEK_V3 = new Spec("deepseek-v3", List.of(
            "\\p{N}{1,3}",
            "[一-龥぀-ゟ゠-ヿ]+",
            "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"),
            false, false);
    private static final Spec FALCON = new Spec("falcon", List.of(
            "[\\p{P}\\$\\+<=>\\^~\\|`]+", GPT2, "[0-9][0-9][0-9]"), false, false);
    private static final Spec STARCODER = new Spec("starcoder", List.of("\\p{N}", GPT2), false, false);
    private static final Spec GPT2_SPEC = new Spec("gpt-2", List.of(GPT2), false, false);
    private static final Spec QWEN2_SPEC = new Spec("qwen2", List.of(QWEN2), false, false);
    private static final Spec SEED_CODER = new Spec("seed-coder", List.of(CONTRACTIONS_CI
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"), false, false);
    private static final Spec PORO = new Spec("poro", List.of(" ?[^(\\s|.,!?…。，、।۔،)]+"), false, false);
    private static final Spec VIKING = new Spec("viking", List.of(" ?[^(\\s|.,!?…。，、।۔،)]+", "\\p{N}"), false, false);
    private static final Spec CHATGLM4 = new Spec("chatglm4", List.of(LLAMA3), false, false);
    private static final Spec TEKKEN = new Spec("tekken", List.of(
            "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
            true, true);
    private static final Spec GPT4O = new Spec("gpt-4o", List.of(
            "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+" + CONTRACTIONS_CI
                    + "?|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*" + CONTRACTIONS_CI
                    + "?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
            false, false);
    private static final Spec BAILINGMOE = new Spec("bailingmoe", List.of(
            "'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+"),
            false, false);

    private static final Map<String, Spec> BY_NAME = new HashMap<>();

    static {
        register(DEFAULT, "default");
        register(LLAMA3_SPEC, "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2");
        register(DBRX, "dbrx", "smaug-bpe");
        register(DEEPSEEK_LLM, "deepseek-llm");
        register(DEEPSEEK_CODER, "deepseek-coder");
        register(DEEPSEEK_V3, "deepseek-v3", "hunyuan-dense");
        register(FALCON, "falcon");
        register(STARCODER, "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b", "mellum2");
        register(GPT2_SPEC, "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0",
                "mellum", "modern-bert", "exaone4", "jina-v1-en", "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais",
                "trillion", "granite-docling");
        register(QWEN2_SPEC, "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez", "stablelm2", "hunyuan", "solar-open",
                "grok-2");
        register(SEED_CODER, "seed-coder");
        register(PORO, "poro-chat", "bloom", "gpt3-finnish");
        register(VIKING, "viking");
        register(CHATGLM4, "glm4", "chatglm-bpe");
        register(TEKKEN, "tekken");
        register(GPT4O, "gpt-4o", "llama4", "minimax-m2");
        register(BAILINGMOE, "bailingmoe", "bailingmoe2", "llada-moe");
    }

    private static void register(Spec spec, String... names) {
        for (String name : names) {
            BY_NAME.put(name, spec);
        }
    }

    private LlamaCppPreTokenizers() {
    }

    /** The pre-tokenizer llama.cpp uses for {@code name}; an absent name means "default". */
    public static Optional<Spec> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name == null || name.isEmpty() ? "default" : name));
    }

    /** @throws IllegalArgumentException naming the unknown pre-tokenizer and listing the known ones */
    public static Spec require(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown pre-tokenizer '" + name
                + "' (tokenizer.ggml.pre); supported: " + String.join(", ", new TreeSet<>(BY_NAME.keySet()))));
    }
}
