package dev.osprey.tokenizer.fim;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A {@link FimFormat} resolved against one vocabulary: the ids to emit and to stop on.
 *
 * @param format          the layout
 * @param prefixId        the token before the prefix ({@code <|fim_prefix|>}, {@code ▁<PRE>}, ...)
 * @param suffixId        the token before the suffix
 * @param middleId        the token after which the model writes the middle
 * @param repoNameId      the token opening repository context, if the vocabulary has it
 * @param fileSeparatorId the token before each file of repository context, if the vocabulary has it
 * @param endOfMiddleId   the token the model emits when the middle is complete, if the vocabulary
 *                        has one (the family's, else its EOT, else its EOS)
 * @param stopIds         every id that ends the middle, ascending: the end-of-middle token, the
 *                        family's other stop tokens present in the vocabulary, and the
 *                        vocabulary's EOS, EOT, EOM and FIM pad/repo/separator roles
 */
public record FimSpec(FimFormat format, int prefixId, int suffixId, int middleId,
                      OptionalInt repoNameId, OptionalInt fileSeparatorId,
                      OptionalInt endOfMiddleId, List<Integer> stopIds) {

    public FimSpec {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(repoNameId, "repoNameId");
        Objects.requireNonNull(fileSeparatorId, "fileSeparatorId");
        Objects.requireNonNull(endOfMiddleId, "endOfMiddleId");
        stopIds = List.copyOf(stopIds);
    }

    /** Whether repository context (other files of the project) can be put before the FIM block. */
    public boolean supportsRepositoryContext() {
        return fileSeparatorId.isPresent();
    }

    /** Whether generation of the middle ends at {@code id}. */
    public boolean isStop(int id) {
        return stopIds.contains(id);
    }
}
