package dev.osprey.gateway.completion;

import java.util.List;

/**
 * A prompt ready for the inference service: its token ids, the ids that end generation for it
 * (a FIM end-of-middle, a chat template's end of turn; may be empty) and the output limit.
 * {@code echoText} is the prompt as text, for {@code echo}.
 */
public record PreparedPrompt(List<Integer> ids, List<Integer> stopIds, int maxTokens, String echoText) {

    public PreparedPrompt {
        ids = List.copyOf(ids);
        stopIds = List.copyOf(stopIds);
    }
}
