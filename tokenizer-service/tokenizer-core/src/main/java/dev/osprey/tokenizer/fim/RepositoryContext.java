package dev.osprey.tokenizer.fim;

import java.util.List;
import java.util.Objects;

/**
 * Other files of the project, put before the FIM block so the model can see code the completed
 * file uses.
 *
 * @param name        the repository's name ({@code <|repo_name|>{name}}); null or empty leaves the
 *                    repository-name line out
 * @param files       files to show, in order; each {@code path} and {@code content} as is
 * @param currentPath the path of the file being completed; null or empty leaves it out
 */
public record RepositoryContext(String name, List<File> files, String currentPath) {

    /** One file of context. */
    public record File(String path, String content) {
        public File {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(content, "content");
        }
    }

    public RepositoryContext {
        files = List.copyOf(files);
    }

    boolean hasName() {
        return name != null && !name.isEmpty();
    }

    boolean hasCurrentPath() {
        return currentPath != null && !currentPath.isEmpty();
    }
}
