package dev.osprey.context.plan;

import java.util.List;
import java.util.Objects;

/**
 * A fill-in-the-middle completion to plan.
 *
 * @param prefix          the code before the cursor
 * @param suffix          the code after the cursor (may be empty)
 * @param path            repository-relative path of the file being completed, or empty
 * @param repositoryName  the repository's name for formats that show it, or empty
 * @param snippets        retrieved code from other files, any order
 * @param maxOutputTokens reserved for the middle
 */
public record InfillPlanRequest(String prefix, String suffix, String path, String repositoryName,
                                List<Snippet> snippets, int maxOutputTokens) {
    public InfillPlanRequest {
        Objects.requireNonNull(prefix, "prefix");
        suffix = suffix == null ? "" : suffix;
        path = path == null ? "" : path;
        repositoryName = repositoryName == null ? "" : repositoryName;
        snippets = List.copyOf(snippets);
    }
}
