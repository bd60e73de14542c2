package dev.osprey.gateway.openai;

import java.util.Locale;

/**
 * Tabby's {@code debug_options}: what a response should also show about how its prompt was made.
 * {@code {"return_snippets": true, "return_prompt": true, "retrieval": "bm25"}}; absent, nothing is shown.
 *
 * @param returnSnippets list the repository snippets in the prompt, in prompt order, with why each was chosen
 * @param returnPrompt   the prompt as text
 * @param retrieval      how {@code /v1/infill} retrieves from its repository: the symbol index (default) or the
 *                       BM25-only baseline, for comparing the two
 */
public record DebugOptions(boolean returnSnippets, boolean returnPrompt, Retrieval retrieval) {

    /** Infill retrieval. */
    public enum Retrieval {
        SYMBOLS,
        BM25
    }

    public static final DebugOptions NONE = new DebugOptions(false, false, Retrieval.SYMBOLS);

    /** Whether the response carries {@code debug_data}. */
    public boolean requested() {
        return returnSnippets || returnPrompt;
    }

    /** The request body's {@code debug_options}, or {@link #NONE} when absent. */
    static DebugOptions read(JsonFields body) {
        var options = body.object("debug_options");
        if (options.isEmpty()) {
            return NONE;
        }
        JsonFields f = options.get();
        Retrieval retrieval = Retrieval.SYMBOLS;
        var named = f.string("retrieval");
        if (named.isPresent()) {
            try {
                retrieval = Retrieval.valueOf(named.get().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidRequest(f.path("retrieval"), "invalid_value", "Invalid '"
                        + f.path("retrieval") + "': '" + named.get() + "'; expected 'symbols' or 'bm25'.");
            }
        }
        return new DebugOptions(f.bool("return_snippets", false), f.bool("return_prompt", false), retrieval);
    }
}
