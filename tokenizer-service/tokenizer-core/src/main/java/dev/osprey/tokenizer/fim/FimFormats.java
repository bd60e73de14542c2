package dev.osprey.tokenizer.fim;

import dev.osprey.tokenizer.Vocabulary;
import dev.osprey.tokenizer.Vocabulary.Role;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/** Finds a vocabulary's fill-in-the-middle tokens. */
public final class FimFormats {

    private FimFormats() {}

    /**
     * The vocabulary's FIM layout, or empty when it has no FIM tokens.
     *
     * <p>FIM ids the vocabulary declares (GGUF's {@code tokenizer.ggml.fim_pre_token_id},
     * {@code fim_suf_token_id}, {@code fim_mid_token_id}, as {@link Role#FIM_PREFIX} and friends)
     * win: their texts pick the family, or {@link FimFormat#GENERIC} when no family uses them.
     * Otherwise the families' token texts are looked up, Qwen, StarCoder, DeepSeek, CodeLlama in
     * turn, the first with all three of prefix, suffix and middle winning (llama.cpp recognises the
     * same texts).
     */
    public static Optional<FimSpec> detect(Vocabulary vocabulary) {
        OptionalInt pre = vocabulary.special(Role.FIM_PREFIX);
        OptionalInt suf = vocabulary.special(Role.FIM_SUFFIX);
        OptionalInt mid = vocabulary.special(Role.FIM_MIDDLE);
        if (pre.isPresent() && suf.isPresent() && mid.isPresent()) {
            String preText = vocabulary.token(pre.getAsInt());
            FimFormat format = FimFormat.GENERIC;
            for (FimFormat candidate : FimFormat.values()) {
                if (candidate.prefixTexts().contains(preText)) {
                    format = candidate;
                    break;
                }
            }
            return Optional.of(resolve(vocabulary, format, pre.getAsInt(), suf.getAsInt(), mid.getAsInt()));
        }
        for (FimFormat format : FimFormat.values()) {
            OptionalInt p = first(vocabulary, format.prefixTexts());
            OptionalInt s = first(vocabulary, format.suffixTexts());
            OptionalInt m = first(vocabulary, format.middleTexts());
            if (p.isPresent() && s.isPresent() && m.isPresent()) {
                return Optional.of(resolve(vocabulary, format, p.getAsInt(), s.getAsInt(), m.getAsInt()));
            }
        }
        return Optional.empty();
    }

    private static FimSpec resolve(Vocabulary vocabulary, FimFormat format, int pre, int suf, int mid) {
        OptionalInt repo = or(vocabulary.special(Role.FIM_REPO), text(vocabulary, format.repoNameText()));
        OptionalInt sep = or(vocabulary.special(Role.FIM_SEP), text(vocabulary, format.fileSeparatorText()));
        OptionalInt pad = or(vocabulary.special(Role.FIM_PAD), text(vocabulary, format.padText()));
        OptionalInt end = or(or(first(vocabulary, format.endOfMiddleTexts()), vocabulary.special(Role.EOT)),
                vocabulary.special(Role.EOS));

        TreeSet<Integer> stops = new TreeSet<>();
        end.ifPresent(stops::add);
        for (String text : format.stopTexts()) {
            vocabulary.id(text).ifPresent(stops::add);
        }
        for (OptionalInt id : List.of(pad, repo, sep, vocabulary.special(Role.EOS), vocabulary.special(Role.EOT),
                vocabulary.special(Role.EOM))) {
            id.ifPresent(stops::add);
        }
        return new FimSpec(format, pre, suf, mid, repo, sep, end, List.copyOf(stops));
    }

    private static OptionalInt first(Vocabulary vocabulary, List<String> texts) {
        for (String text : texts) {
            OptionalInt id = vocabulary.id(text);
            if (id.isPresent()) {
                return id;
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt text(Vocabulary vocabulary, String text) {
        return text == null ? OptionalInt.empty() : vocabulary.id(text);
    }

    private static OptionalInt or(OptionalInt a, OptionalInt b) {
        return a.isPresent() ? a : b;
    }
}
