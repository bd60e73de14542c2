package dev.osprey.tokenizer.fim;

import java.util.List;
import java.util.Set;

/**
 * The fill-in-the-middle layout of a model family: its special-token texts as the vocabulary stores
 * them, and which token ends the middle. Layouts, exactly (PSM; {@code {x}} is text encoded without
 * special-token parsing, everything else a single special token):
 * <ul>
 *   <li>{@link #QWEN}: {@code <|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>}; with
 *       repository context {@code <|repo_name|>{name}\n} then {@code <|file_sep|>{path}\n{content}\n}
 *       per file, then {@code <|file_sep|>{current path}\n} before {@code <|fim_prefix|>}
 *       (Qwen2.5-Coder's README, "Repository Level Code Infilling").
 *   <li>{@link #STARCODER}: {@code <fim_prefix>{prefix}<fim_suffix>{suffix}<fim_middle>}; with
 *       repository context (StarCoder2 vocabularies) {@code <repo_name>{name}}, then
 *       {@code <file_sep>{path}\n{content}} per file, then {@code <file_sep><fim_prefix>{current
 *       path}\n{prefix}...}: the StarCoder2 paper's training layout, only "\n" after paths.
 *   <li>{@link #DEEPSEEK}: {@code <｜fim▁begin｜>{prefix}<｜fim▁hole｜>{suffix}<｜fim▁end｜>} (fullwidth
 *       bars U+FF5C, U+2581 lower one-eighth block), after BOS as the vocabulary adds it.
 *   <li>{@link #CODELLAMA}: {@code ▁<PRE>}, the prefix encoded as plain text (so SentencePiece's
 *       dummy-prefix space separates it from the tag), {@code ▁<SUF>}, the suffix encoded without
 *       that leading space, {@code ▁<MID>}: decoded, {@code " <PRE> {prefix} <SUF>{suffix} <MID>"},
 *       Meta's {@code infilling_prompt_tokens}. The tags are single tokens whose text starts with
 *       "▁".
 *   <li>{@link #GENERIC}: a vocabulary whose GGUF declares FIM token ids
 *       ({@code tokenizer.ggml.fim_pre_token_id}, ...) with texts none of the above use; laid out as
 *       llama.cpp's server does: {@code PRE prefix SUF suffix MID}, repository context
 *       {@code REP name\n}, {@code SEP path\n content} per file, {@code SEP current path\n}.
 * </ul>
 */
public enum FimFormat {
    QWEN("Qwen2.5-Coder",
            List.of("<|fim_prefix|>"), List.of("<|fim_suffix|>"), List.of("<|fim_middle|>"),
            "<|fim_pad|>", "<|repo_name|>", "<|file_sep|>",
            List.of("<|endoftext|>"),
            // Qwen2.5-Coder's README stops generation on all of these.
            List.of("<|fim_pad|>", "<|file_sep|>", "<|repo_name|>", "<|fim_prefix|>", "<|fim_suffix|>",
                    "<|fim_middle|>", "<|im_end|>"),
            Set.of(FimOrder.PSM)),
    STARCODER("StarCoder",
            List.of("<fim_prefix>"), List.of("<fim_suffix>"), List.of("<fim_middle>"),
            "<fim_pad>", "<repo_name>", "<file_sep>",
            List.of("<|endoftext|>"),
            List.of("<fim_pad>", "<file_sep>", "<repo_name>"),
            Set.of(FimOrder.PSM, FimOrder.SPM)),
    DEEPSEEK("DeepSeek-Coder",
            List.of("<｜fim▁begin｜>"), List.of("<｜fim▁hole｜>"), List.of("<｜fim▁end｜>"),
            null, null, null,
            List.of("<｜end▁of▁sentence｜>"),
            List.of("<|EOT|>"),
            Set.of(FimOrder.PSM)),
    CODELLAMA("CodeLlama",
            List.of("▁<PRE>", "<PRE>"), List.of("▁<SUF>", "<SUF>"), List.of("▁<MID>", "<MID>"),
            null, null, null,
            List.of("▁<EOT>", "<EOT>"),
            List.of(),
            Set.of(FimOrder.PSM, FimOrder.SPM)),
    GENERIC("declared by the vocabulary",
            List.of(), List.of(), List.of(),
            null, null, null,
            List.of(),
            List.of(),
            Set.of(FimOrder.PSM));

    private final String family;
    private final List<String> prefixTexts;
    private final List<String> suffixTexts;
    private final List<String> middleTexts;
    private final String padText;
    private final String repoNameText;
    private final String fileSeparatorText;
    private final List<String> endOfMiddleTexts;
    private final List<String> stopTexts;
    private final Set<FimOrder> orders;

    FimFormat(String family, List<String> prefixTexts, List<String> suffixTexts, List<String> middleTexts,
              String padText, String repoNameText, String fileSeparatorText,
              List<String> endOfMiddleTexts, List<String> stopTexts, Set<FimOrder> orders) {
        this.family = family;
        this.prefixTexts = prefixTexts;
        this.suffixTexts = suffixTexts;
        this.middleTexts = middleTexts;
        this.padText = padText;
        this.repoNameText = repoNameText;
        this.fileSeparatorText = fileSeparatorText;
        this.endOfMiddleTexts = endOfMiddleTexts;
        this.stopTexts = stopTexts;
        this.orders = orders;
    }

    /** The model family, for messages: "Qwen2.5-Coder", "CodeLlama", ... */
    public String family() {
        return family;
    }

    /** Texts the prefix token may have in a vocabulary, preferred first; empty for {@link #GENERIC}. */
    public List<String> prefixTexts() {
        return prefixTexts;
    }

    public List<String> suffixTexts() {
        return suffixTexts;
    }

    public List<String> middleTexts() {
        return middleTexts;
    }

    /** The padding token's text, or null when the family has none. */
    public String padText() {
        return padText;
    }

    /** The token that opens repository context with its name, or null when the family has none. */
    public String repoNameText() {
        return repoNameText;
    }

    /** The token before each file of repository context, or null when the family has none. */
    public String fileSeparatorText() {
        return fileSeparatorText;
    }

    /** Texts of the token the model emits after the middle, preferred first. */
    public List<String> endOfMiddleTexts() {
        return endOfMiddleTexts;
    }

    /** Further tokens after which the middle is over (another file or FIM block starting, padding). */
    public List<String> stopTexts() {
        return stopTexts;
    }

    /** The orders the family was trained on. */
    public Set<FimOrder> orders() {
        return orders;
    }
}
