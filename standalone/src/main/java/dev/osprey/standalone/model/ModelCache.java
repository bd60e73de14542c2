package dev.osprey.standalone.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where downloaded and extracted models live: {@code ROOT/OWNER/REPO/REVISION/PATH/IN/REPO}, with the verified
 * digest beside each file as {@code FILE.sha256} and an unfinished download as {@code FILE.part}.
 *
 * <p>A revision that names a branch (such as {@code main}) is cached under that name and not refreshed; pin a
 * commit hash for a reproducible deployment, or delete the folder to fetch the branch again.
 */
public record ModelCache(Path root) {

    public ModelCache {
        root = Objects.requireNonNull(root, "root").toAbsolutePath();
    }

    /** {@code $OSPREY_HOME/models} when OSPREY_HOME is set, else {@code ~/.cache/osprey/models}. */
    public static ModelCache fromEnvironment(Map<String, String> env, String userHome) {
        String ospreyHome = env.get("OSPREY_HOME");
        if (ospreyHome != null && !ospreyHome.isBlank()) {
            return new ModelCache(Path.of(ospreyHome, "models"));
        }
        return new ModelCache(Path.of(userHome, ".cache", "osprey", "models"));
    }

    /** {@link #fromEnvironment(Map, String)} for this process. */
    public static ModelCache fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperty("user.home"));
    }

    /** The final location of a Hugging Face file. */
    public Path pathFor(ModelReference.HuggingFace ref) {
        Path path = root.resolve(ref.owner()).resolve(ref.repo()).resolve(ref.revision());
        for (String segment : ref.file().split("/")) {
            path = path.resolve(segment);
        }
        return path;
    }

    /** Where the bundled demo model is extracted. */
    public Path bundledDirectory() {
        return root.resolve("bundled");
    }

    static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    static Path digestFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".sha256");
    }
}
