package dev.osprey.gateway.render;

import dev.osprey.api.v1.PlanItem;
import dev.osprey.api.v1.PlannedSnippet;
import dev.osprey.gateway.completion.DebugData;
import java.util.Locale;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code debug_data} in Tabby's shape: {@code {"snippets": [{"filepath", "body", "score", "start_line", "end_line",
 * "symbol", "reason"}], "prompt": "...", "window": {"tier", "tokens", "dropped": [{"kind", "label", "reason"}]},
 * "planning_ms", "retrieval_ms", "prompt_ms"}}. {@code prompt} is present when asked for, {@code window} and
 * {@code planning_ms} (how long the gateway waited for the plan) when the prompt was planned, with the context
 * service's share of it spent retrieving ({@code retrieval_ms}) and building the prompt ({@code prompt_ms}); a snippet's {@code score} is null for a file the client
 * sent.
 */
public final class DebugJson {
    private DebugJson() {
    }

    /** Adds {@code debug_data} to {@code response} when {@code data} is not null; returns {@code response}. */
    public static ObjectNode attach(ObjectNode response, DebugData data) {
        if (data != null) {
            response.set("debug_data", of(data));
        }
        return response;
    }

    static ObjectNode of(DebugData data) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode snippets = out.putArray("snippets");
        for (PlannedSnippet s : data.snippets()) {
            ObjectNode snippet = snippets.addObject()
                    .put("filepath", s.getPath())
                    .put("body", s.getText());
            if (s.hasScore()) {
                snippet.put("score", s.getScore());
            } else {
                snippet.putNull("score");
            }
            snippet.put("start_line", s.getStartLine()).put("end_line", s.getEndLine()).put("symbol", s.getSymbol())
                    .put("reason", s.getReason());
        }
        if (data.prompt() != null) {
            out.put("prompt", data.prompt());
        }
        if (data.planning() != null) {
            out.put("planning_ms", data.planning().toNanos() / 1e6);
        }
        if (data.timings() != null) {
            out.put("retrieval_ms", data.timings().getRetrievalMs()).put("prompt_ms", data.timings().getPromptMs());
        }
        if (data.window() != null) {
            ObjectNode window = out.putObject("window").put("tier", data.window().tier())
                    .put("tokens", data.window().tokens());
            ArrayNode dropped = window.putArray("dropped");
            for (PlanItem d : data.window().dropped()) {
                dropped.addObject().put("kind", d.getKind().name().toLowerCase(Locale.ROOT)).put("label", d.getLabel())
                        .put("reason", d.getReason());
            }
        }
        return out;
    }
}
