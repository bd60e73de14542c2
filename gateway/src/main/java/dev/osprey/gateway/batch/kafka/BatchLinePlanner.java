package dev.osprey.gateway.batch.kafka;

import dev.osprey.api.v1.BatchError;
import dev.osprey.api.v1.BatchRequestRecord;
import dev.osprey.api.v1.BatchResultRecord;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.Priority;
import dev.osprey.gateway.batch.BatchLine;
import dev.osprey.gateway.access.Tenant;
import dev.osprey.gateway.completion.CompletionPipeline;
import dev.osprey.gateway.completion.InferenceClient;
import dev.osprey.gateway.completion.Prepared;
import dev.osprey.gateway.completion.PreparedPrompt;
import dev.osprey.gateway.openai.ApiException;
import dev.osprey.gateway.openai.ChatRequest;
import dev.osprey.gateway.openai.CompletionRequest;
import dev.osprey.gateway.openai.Sampling;
import reactor.core.publisher.Mono;

/**
 * Plans one batch line into what a worker runs: the prompt through the same pipeline as an
 * interactive request (tokenizer for plain prompts, the context service for chat and
 * fill-in-the-middle), as a {@link GenerateRequest} at BATCH priority with request id
 * {@code <batch_id>/<custom_id>}. A line the pipeline refuses (prompt too long, no FIM, several
 * choices) becomes its error result instead, so every line is accounted for.
 */
final class BatchLinePlanner {
    /**
     * A batch's requests share prefix-cache blocks with the same owner's other batch requests, never with
     * interactive requests or another owner's.
     */
    static String cacheNamespace(Tenant owner) {
        return owner.cacheNamespace().isEmpty() ? "batch" : "batch:" + owner.cacheNamespace();
    }

    private final CompletionPipeline pipeline;

    BatchLinePlanner(CompletionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** Either a request record (to the requests topic) or an error result (to the results topic). */
    sealed interface Planned {
        record Request(BatchRequestRecord record) implements Planned {}

        record Refused(BatchResultRecord result) implements Planned {}
    }

    /** {@code owner}: the batch's; its lines see that owner's repositories only. */
    Mono<Planned> plan(String batchId, String owner, BatchLine line) {
        Tenant tenant = new Tenant(owner, false);
        return prepare(line, tenant)
                .map(p -> (Planned) new Planned.Request(request(batchId, line, p, tenant)))
                .onErrorResume(e -> Mono.just(new Planned.Refused(refused(batchId, line, e))));
    }

    private record Plan(Prepared prepared, Sampling sampling) {}

    private Mono<Plan> prepare(BatchLine line, Tenant tenant) {
        return Mono.defer(() -> switch (line.url()) {
            case BatchResponseBodies.COMPLETIONS -> {
                CompletionRequest r = CompletionRequest.parse(line.body());
                if (r.prompts().size() * r.n() != 1 || r.echo()) {
                    throw ApiException.invalidRequest("n", "unsupported_value",
                            "Batch lines generate one choice of one prompt without echo; send several lines instead.");
                }
                yield pipeline.completions(r, tenant).map(p -> new Plan(p, r.sampling()));
            }
            case BatchResponseBodies.CHAT -> {
                ChatRequest r = ChatRequest.parse(line.body());
                if (r.n() != 1 || r.sessionId() != null) {
                    throw ApiException.invalidRequest(r.n() != 1 ? "n" : "session_id", "unsupported_value",
                            "Batch lines generate one choice and keep no session.");
                }
                yield pipeline.chat(r, tenant).map(p -> new Plan(p, r.sampling()));
            }
            default -> throw ApiException.invalidRequest("url", "invalid_value", "Unsupported url " + line.url());
        });
    }

    private static BatchRequestRecord request(String batchId, BatchLine line, Plan plan, Tenant tenant) {
        PreparedPrompt prompt = plan.prepared().prompts().getFirst();
        GenerateRequest generate = InferenceClient.request(plan.prepared().model().name(), prompt, plan.sampling(), 0,
                        cacheNamespace(tenant), batchId + "/" + line.customId())
                .toBuilder().setPriority(Priority.BATCH).build();
        return BatchRequestRecord.newBuilder()
                .setBatchId(batchId)
                .setCustomId(line.customId())
                .setUrl(line.url())
                .setLine(line.line())
                .setGenerate(generate)
                .build();
    }

    private static BatchResultRecord refused(String batchId, BatchLine line, Throwable e) {
        String code = e instanceof ApiException api && api.code() != null ? api.code() : "internal_error";
        return BatchResultRecord.newBuilder()
                .setBatchId(batchId)
                .setCustomId(line.customId())
                .setUrl(line.url())
                .setLine(line.line())
                .setError(BatchError.newBuilder().setCode(code).setMessage(String.valueOf(e.getMessage())))
                .setWorker("gateway")
                .build();
    }
}
