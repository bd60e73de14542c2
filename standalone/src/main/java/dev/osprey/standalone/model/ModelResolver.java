package dev.osprey.standalone.model;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns what the user asked for into a GGUF file on disk.
 *
 * <ul>
 *   <li>No model named ({@code null}, blank): the {@link ModelReference#DEFAULT default model}, downloaded once.
 *       If that download fails (no network, the Hub unreachable or refusing), the
 *       {@link BundledModel bundled demo model} is served instead, with a warning that says why and how to pick
 *       another model.</li>
 *   <li>A model named explicitly: exactly that model, or a {@link ModelDownloadException} /
 *       {@link IllegalArgumentException} that says what is wrong. Never a silent fallback.</li>
 *   <li>A local path must exist and start with the GGUF magic bytes.</li>
 * </ul>
 */
public final class ModelResolver {

    private final HuggingFaceDownloader downloader;
    private final BundledModel bundled;

    public ModelResolver(HuggingFaceDownloader downloader, BundledModel bundled) {
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.bundled = Objects.requireNonNull(bundled, "bundled");
    }

    /**
     * The resolver of this process: cache from {@code OSPREY_HOME}, Hub from {@code HF_ENDPOINT} and
     * {@code HF_TOKEN}, progress and warnings on {@code console}.
     */
    public static ModelResolver fromEnvironment(PrintStream console) {
        Map<String, String> env = System.getenv();
        ModelCache cache = ModelCache.fromEnvironment();
        return new ModelResolver(HuggingFaceDownloader.fromEnvironment(env, cache, console),
                new BundledModel(cache.bundledDirectory()));
    }

    /** Resolves {@code reference} as {@link ModelReference#parse(String) parsed}; null or blank means the default. */
    public ResolvedModel resolve(String reference) {
        return reference == null || reference.isBlank() ? resolve((ModelReference) null)
                : resolve(ModelReference.parse(reference));
    }

    /** Resolves {@code reference}; null means the default model, which may fall back to the bundled one. */
    public ResolvedModel resolve(ModelReference reference) {
        if (reference == null) {
            return resolveDefault();
        }
        return switch (reference) {
            case ModelReference.LocalFile local -> resolveLocal(local);
            case ModelReference.HuggingFace hf -> resolveHub(hf);
        };
    }

    private ResolvedModel resolveDefault() {
        ModelReference.HuggingFace ref = ModelReference.DEFAULT;
        try {
            return resolveHub(ref);
        } catch (ModelDownloadException | IllegalArgumentException e) {
            Path file = bundled.extract();
            String warning = "Could not download " + ref.displayName() + ": " + cause(e) + ". Serving "
                    + BundledModel.DESCRIPTION + ". Pass --model FILE.gguf or hf:OWNER/REPO/FILE.gguf.";
            return new ResolvedModel(file, BundledModel.NAME, true, Optional.of(warning));
        }
    }

    private ResolvedModel resolveLocal(ModelReference.LocalFile local) {
        Path file = local.path().toAbsolutePath().normalize();
        GgufFiles.requireGguf(file, local.path().toString());
        return new ResolvedModel(file, local.displayName(), false, Optional.empty());
    }

    private ResolvedModel resolveHub(ModelReference.HuggingFace ref) {
        Path file = downloader.download(ref);
        GgufFiles.requireGguf(file, ref.toString());
        return new ResolvedModel(file, ref.displayName(), false, Optional.empty());
    }

    private String cause(RuntimeException e) {
        if (e instanceof ModelDownloadException d && d.reason() == ModelDownloadException.Reason.UNREACHABLE) {
            Throwable root = d.getCause() == null ? d : d.getCause();
            return downloader.endpoint().getHost() + " unreachable (" + HuggingFaceDownloader.describe(root) + ")";
        }
        return e.getMessage();
    }
}
