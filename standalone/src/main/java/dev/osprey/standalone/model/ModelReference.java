package dev.osprey.standalone.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the user asked to serve: a local GGUF file or a file in a Hugging Face model repository.
 *
 * <p>Accepted forms (see {@link #parse(String)}):
 * <pre>
 *   /path/to/model.gguf                          a local file (relative paths and a leading ~/ work)
 *   hf:OWNER/REPO/FILE.gguf                      a file at the top of a repository, revision "main"
 *   hf:OWNER/REPO/PATH/IN/REPO/FILE.gguf         a file in a folder of the repository
 *   hf:OWNER/REPO@REVISION/PATH/FILE.gguf        at a branch, tag or commit (no '/' in REVISION)
 * </pre>
 */
public sealed interface ModelReference permits ModelReference.LocalFile, ModelReference.HuggingFace {

    /** The prefix that marks a Hugging Face reference. */
    String HF_PREFIX = "hf:";

    /** Shown in every parse error. */
    String ACCEPTED_FORMS = "Accepted forms: /path/to/model.gguf, hf:OWNER/REPO/FILE.gguf, "
            + "hf:OWNER/REPO/PATH/IN/REPO/FILE.gguf, hf:OWNER/REPO@REVISION/FILE.gguf "
            + "(e.g. hf:Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF@main/qwen2.5-coder-0.5b-instruct-q8_0.gguf)";

    /** Qwen2.5-Coder-0.5B-Instruct in Q8_0: what {@code ./osprey serve} serves when no model is named. */
    HuggingFace DEFAULT = new HuggingFace(
            "Qwen", "Qwen2.5-Coder-0.5B-Instruct-GGUF", "main", "qwen2.5-coder-0.5b-instruct-q8_0.gguf");

    /** A short name for logs and {@code /v1/models}. */
    String displayName();

    /**
     * Parses a reference in one of the accepted forms. A string that does not start with {@code hf:} is a local
     * path; whether that file exists and is a GGUF file is checked when it is resolved, not here.
     *
     * @throws IllegalArgumentException naming what was wrong and listing {@link #ACCEPTED_FORMS}
     */
    static ModelReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "the model reference is empty");
        }
        String trimmed = text.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            throw invalid(text, "URLs are not accepted; name a Hugging Face file as hf:OWNER/REPO/FILE.gguf");
        }
        if (lower.startsWith(HF_PREFIX)) {
            return HuggingFace.parseBody(text, trimmed.substring(HF_PREFIX.length()));
        }
        if (trimmed.equals("~") || trimmed.startsWith("~/")) {
            trimmed = System.getProperty("user.home") + trimmed.substring(1);
        }
        try {
            return new LocalFile(Path.of(trimmed));
        } catch (java.nio.file.InvalidPathException e) {
            throw invalid(text, "it is not a valid file path (" + e.getReason() + ")");
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException(
                "Invalid model reference '" + (text == null ? "" : text) + "': " + why + ". " + ACCEPTED_FORMS);
    }

    /** A GGUF file on this machine. */
    record LocalFile(Path path) implements ModelReference {
        @Override
        public String displayName() {
            Path name = path.getFileName();
            return name == null ? path.toString() : name.toString();
        }
    }

    /**
     * A file in a Hugging Face model repository.
     *
     * @param owner    user or organisation, e.g. {@code Qwen}
     * @param repo     repository name, e.g. {@code Qwen2.5-Coder-0.5B-Instruct-GGUF}
     * @param revision branch, tag or commit hash, without '/'
     * @param file     path of the file inside the repository, '/'-separated, ending in {@code .gguf}
     */
    record HuggingFace(String owner, String repo, String revision, String file) implements ModelReference {

        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
        private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

        /** Validates every part, with the same rules and messages as {@link ModelReference#parse(String)}. */
        public HuggingFace {
            validate(HF_PREFIX + owner + "/" + repo + "@" + revision + "/" + file, owner, repo, revision, file);
        }

        private static void validate(String text, String owner, String repo, String revision, String file) {
            requireName(text, "owner", owner);
            requireName(text, "repository", repo);
            if (revision == null || !REVISION.matcher(revision).matches()) {
                throw invalid(text, "the revision '" + revision
                        + "' must be a branch, tag or commit made of letters, digits, '.', '_' or '-'");
            }
            if (file == null || file.isEmpty()) {
                throw invalid(text, "the file path inside the repository is missing");
            }
            for (String segment : file.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")) {
                    throw invalid(text, "the file path '" + file + "' has an empty, '.', '..' or '\\' segment");
                }
            }
            if (!file.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
                throw invalid(text, "the file '" + file + "' is not a .gguf file");
            }
        }

        private static void requireName(String text, String what, String value) {
            if (value == null || value.isEmpty()) {
                throw invalid(text, "the " + what + " is missing");
            }
            if (!NAME.matcher(value).matches()) {
                throw invalid(text, "the " + what + " '" + value
                        + "' may only hold letters, digits, '.', '_' and '-'");
            }
        }

        static HuggingFace parseBody(String original, String body) {
            List<String> parts = List.of(body.split("/", 3));
            if (parts.size() < 3 || parts.get(2).isEmpty()) {
                throw invalid(original, "a Hugging Face reference needs OWNER/REPO/FILE.gguf after 'hf:'");
            }
            String owner = parts.get(0);
            String repo = parts.get(1);
            String revision = "main";
            int at = repo.indexOf('@');
            if (at >= 0) {
                revision = repo.substring(at + 1);
                repo = repo.substring(0, at);
                if (revision.isEmpty()) {
                    throw invalid(original, "the revision after '@' is empty");
                }
            }
            if (owner.contains("@")) {
                throw invalid(original, "'@REVISION' goes after the repository name, not the owner");
            }
            validate(original, owner, repo, revision, parts.get(2));
            return new HuggingFace(owner, repo, revision, parts.get(2));
        }

        /** {@code OWNER/REPO} */
        public String repoId() {
            return owner + "/" + repo;
        }

        /** {@code OWNER/REPO/FILE}, with {@code @REVISION} after the repository when it is not main. */
        @Override
        public String displayName() {
            return repoId() + ("main".equals(revision) ? "" : "@" + revision) + "/" + file;
        }

        /** The canonical {@code hf:} form, which {@link ModelReference#parse(String)} reads back to an equal value. */
        @Override
        public String toString() {
            return HF_PREFIX + owner + "/" + repo + "@" + revision + "/" + file;
        }
    }
}
