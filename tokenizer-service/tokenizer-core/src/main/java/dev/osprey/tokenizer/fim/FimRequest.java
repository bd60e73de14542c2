package dev.osprey.tokenizer.fim;

import java.util.Objects;
import java.util.Optional;

/**
 * What to fill in: the code before and after the cursor, optionally the rest of the repository.
 * All text is untrusted: it is encoded without special-token parsing, so code that contains
 * {@code <|fim_middle|>} stays text.
 *
 * @param prefix     the code before the hole; never null
 * @param suffix     the code after the hole; never null (may be empty)
 * @param order      {@link FimOrder#PSM} unless the family was trained on {@link FimOrder#SPM} too
 * @param repository other files, put before the FIM block
 */
public record FimRequest(String prefix, String suffix, FimOrder order, Optional<RepositoryContext> repository) {

    public FimRequest {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(repository, "repository");
    }

    /** A PSM request without repository context. */
    public static FimRequest of(String prefix, String suffix) {
        return new FimRequest(prefix, suffix, FimOrder.PSM, Optional.empty());
    }

    public FimRequest withOrder(FimOrder order) {
        return new FimRequest(prefix, suffix, order, repository);
    }

    public FimRequest withRepository(RepositoryContext repository) {
        return new FimRequest(prefix, suffix, order, Optional.of(repository));
    }
}
