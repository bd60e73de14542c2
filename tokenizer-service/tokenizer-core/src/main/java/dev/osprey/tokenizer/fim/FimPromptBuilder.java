package dev.osprey.tokenizer.fim;

import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Encoding;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Vocabulary;
import java.util.Arrays;
import java.util.Objects;

/**
 * Builds fill-in-the-middle prompts as token ids for one model, in the layout its
 * {@link FimFormat} documents.
 *
 * <p>Special tokens are emitted by id, never by encoding their text. All request text (prefix,
 * suffix, file paths and contents, the repository name) is encoded with
 * {@link EncodeOptions#PLAIN}: no BOS/EOS and no special-token parsing, so code cannot inject
 * control tokens. Each run of text between two special tokens is encoded as one string, as the
 * model saw it in training. BOS comes first when {@link Vocabulary#addBos()}.
 *
 * <p>Immutable and thread-safe when the tokenizer is.
 */
public final class FimPromptBuilder {

    /** Prepended to a CodeLlama suffix to encode it without SentencePiece's leading space; see {@link #encodeWithoutLeadingSpace}. */
    private static final String ANCHOR = "\n";

    private final String modelName;
    private final Tokenizer tokenizer;
    private final FimSpec spec;

    private FimPromptBuilder(String modelName, Tokenizer tokenizer, FimSpec spec) {
        this.modelName = modelName;
        this.tokenizer = tokenizer;
        this.spec = spec;
    }

    /**
     * A builder for the model whose tokenizer this is.
     *
     * @param modelName for messages
     * @throws FimUnsupportedException if the vocabulary has no FIM tokens
     */
    public static FimPromptBuilder forModel(String modelName, Tokenizer tokenizer) {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(tokenizer, "tokenizer");
        FimSpec spec = FimFormats.detect(tokenizer.vocabulary()).orElseThrow(() -> new FimUnsupportedException(
                "model " + modelName + " has no fill-in-the-middle tokens: its vocabulary declares no FIM token ids"
                        + " and has none of the Qwen2.5-Coder, StarCoder, DeepSeek-Coder or CodeLlama FIM tokens"));
        return new FimPromptBuilder(modelName, tokenizer, spec);
    }

    public FimSpec spec() {
        return spec;
    }

    /**
     * @throws FimUnsupportedException if the request asks for an order the family was not trained on,
     *                                 or for repository context the vocabulary has no tokens for
     */
    public InfillPrompt build(FimRequest request) {
        Objects.requireNonNull(request, "request");
        FimFormat format = spec.format();
        if (!format.orders().contains(request.order())) {
            throw new FimUnsupportedException("model " + modelName + " (" + format.family() + " FIM) supports "
                    + format.orders() + " order, not " + request.order());
        }
        if (request.repository().isPresent() && !spec.supportsRepositoryContext()) {
            throw new FimUnsupportedException("model " + modelName + " (" + format.family()
                    + " FIM) has no file-separator token for repository context");
        }
        Vocabulary vocabulary = tokenizer.vocabulary();
        Ids ids = new Ids();
        if (vocabulary.addBos()) {
            vocabulary.special(Vocabulary.Role.BOS).ifPresent(ids::add);
        }
        String prefix = request.prefix();
        if (request.repository().isPresent()) {
            prefix = repository(ids, request.repository().get(), prefix);
        }
        if (format == FimFormat.CODELLAMA) {
            codeLlama(ids, prefix, request.suffix(), request.order());
        } else if (request.order() == FimOrder.SPM) {
            ids.add(spec.prefixId()).add(spec.suffixId()).add(encode(request.suffix()))
                    .add(spec.middleId()).add(encode(prefix));
        } else {
            ids.add(spec.prefixId()).add(encode(prefix)).add(spec.suffixId()).add(encode(request.suffix()))
                    .add(spec.middleId());
        }
        int[] result = ids.toArray();
        return new InfillPrompt(result, tokenizer.decode(result, true), spec);
    }

    /** Emits the repository context; returns the prefix text, which StarCoder starts with the current path. */
    private String repository(Ids ids, RepositoryContext repository, String prefix) {
        int sep = spec.fileSeparatorId().orElseThrow();
        switch (spec.format()) {
            case STARCODER -> {
                if (repository.hasName() && spec.repoNameId().isPresent()) {
                    ids.add(spec.repoNameId().getAsInt()).add(encode(repository.name()));
                }
                for (RepositoryContext.File file : repository.files()) {
                    ids.add(sep).add(encode(file.path() + "\n" + file.content()));
                }
                ids.add(sep);
                return repository.hasCurrentPath() ? repository.currentPath() + "\n" + prefix : prefix;
            }
            case GENERIC -> {
                if (repository.hasName() && spec.repoNameId().isPresent()) {
                    ids.add(spec.repoNameId().getAsInt()).add(encode(repository.name() + "\n"));
                }
                for (RepositoryContext.File file : repository.files()) {
                    ids.add(sep).add(encode(file.path() + "\n")).add(encode(file.content()));
                }
                if (repository.hasCurrentPath()) {
                    ids.add(sep).add(encode(repository.currentPath() + "\n"));
                }
                return prefix;
            }
            default -> { // QWEN
                if (repository.hasName() && spec.repoNameId().isPresent()) {
                    ids.add(spec.repoNameId().getAsInt()).add(encode(repository.name() + "\n"));
                }
                for (RepositoryContext.File file : repository.files()) {
                    ids.add(sep).add(encode(file.path() + "\n" + file.content() + "\n"));
                }
                if (repository.hasCurrentPath()) {
                    ids.add(sep).add(encode(repository.currentPath() + "\n"));
                }
                return prefix;
            }
        }
    }

    /** Meta's {@code infilling_prompt_tokens}: prefix as plain text, suffix without the leading space. */
    private void codeLlama(Ids ids, String prefix, String suffix, FimOrder order) {
        if (order == FimOrder.SPM) {
            ids.add(spec.prefixId()).add(spec.suffixId()).add(encodeWithoutLeadingSpace(suffix))
                    .add(spec.middleId()).add(encode(prefix));
        } else {
            ids.add(spec.prefixId()).add(encode(prefix)).add(spec.suffixId())
                    .add(encodeWithoutLeadingSpace(suffix)).add(spec.middleId());
        }
    }

    private int[] encode(String text) {
        return text.isEmpty() ? new int[0] : tokenizer.encode(text, EncodeOptions.PLAIN);
    }

    /**
     * {@code text} encoded without the space a SentencePiece vocabulary puts before the first word
     * ({@link Vocabulary#addSpacePrefix()}), as Meta's {@code encode_infilling} does. The text is
     * encoded after an anchor ("\n") that takes the dummy space, and the anchor's tokens are dropped;
     * the result is exact when no token crosses the anchor's end, which the spans prove. Otherwise
     * (a vocabulary that merges "\n" with what follows) it falls back to the plain encoding minus a
     * leading lone "▁" token, as llama.cpp's infill example did.
     */
    private int[] encodeWithoutLeadingSpace(String text) {
        Vocabulary vocabulary = tokenizer.vocabulary();
        if (text.isEmpty() || !vocabulary.addSpacePrefix()) {
            return encode(text);
        }
        Encoding encoding = tokenizer.encodeWithSpans(ANCHOR + text, EncodeOptions.PLAIN);
        int anchorBytes = 1;
        int first = 0;
        while (first < encoding.size() && encoding.starts()[first] < anchorBytes) {
            first++;
        }
        boolean clean = true;
        for (int i = 0; i < first; i++) {
            clean &= encoding.ends()[i] <= anchorBytes;
        }
        if (clean) {
            return Arrays.copyOfRange(encoding.ids(), first, encoding.size());
        }
        int[] plain = encode(text);
        if (plain.length > 0 && vocabulary.token(plain[0]).equals("▁")) {
            return Arrays.copyOfRange(plain, 1, plain.length);
        }
        return plain;
    }

    /** A growable int list. */
    private static final class Ids {
        private int[] ids = new int[64];
        private int size;

        Ids add(int id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
            return this;
        }

        Ids add(int[] more) {
            for (int id : more) {
                add(id);
            }
            return this;
        }

        int[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
