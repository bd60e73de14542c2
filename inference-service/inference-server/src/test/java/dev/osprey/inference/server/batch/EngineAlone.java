package dev.osprey.inference.server.batch;

import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.engine.serve.GenerationObserver;
import dev.osprey.engine.serve.GenerationOutcome;
import dev.osprey.engine.serve.Priority;
import dev.osprey.engine.serve.StreamedToken;
import dev.osprey.inference.server.RequestMapping;
import dev.osprey.inference.server.ServedModel;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs one request on the engine with nothing else around it: the reference a batch result must equal. */
final class EngineAlone {
    private EngineAlone() {
    }

    /** The text (with the trailing text) of {@code request} run alone. */
    static String text(ServedModel served, GenerateRequest request) throws Exception {
        StringBuilder text = new StringBuilder();
        CompletableFuture<GenerationOutcome> done = new CompletableFuture<>();
        served.engine().submit(RequestMapping.generation(request, served, "alone-" + UUID.randomUUID(),
                Priority.INTERACTIVE, null), new GenerationObserver() {
            @Override
            public void onToken(StreamedToken token) {
                text.append(token.text());
            }

            @Override
            public void onComplete(GenerationOutcome outcome) {
                text.append(outcome.trailingText());
                done.complete(outcome);
            }
        });
        done.get(60, TimeUnit.SECONDS);
        return text.toString();
    }
}
