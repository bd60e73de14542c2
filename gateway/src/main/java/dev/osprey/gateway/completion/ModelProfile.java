package dev.osprey.gateway.completion;

import java.util.Optional;

/**
 * What the gateway knows about the served model: from the inference service (name, context, shape)
 * and the tokenizer service (fill-in-the-middle support, chat template). {@code chatTemplate} is
 * {@code "model"} when the GGUF ships one, otherwise the documented default ({@code "default:chatml"}).
 * {@code notice} is an operator's warning shown in {@code /v1/models} (e.g. a fallback demo model).
 */
public record ModelProfile(String name, int contextLength, int vocabSize, String architecture, boolean fimSupported,
                           String fimFormat, String chatTemplate, Optional<String> notice) {

    public static final String DEFAULT_TEMPLATE = "default:chatml";
}
