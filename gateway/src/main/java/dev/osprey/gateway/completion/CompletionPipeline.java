package dev.osprey.gateway.completion;

import dev.osprey.api.v1.AppendMessagesRequest;
import dev.osprey.api.v1.ChatMessage;
import dev.osprey.api.v1.ContextGrpc;
import dev.osprey.api.v1.DecodeRequest;
import dev.osprey.api.v1.EncodeOptions;
import dev.osprey.api.v1.EncodeRequest;
import dev.osprey.api.v1.InfillRetrieval;
import dev.osprey.api.v1.PlanChatRequest;
import dev.osprey.api.v1.PlanInfillRequest;
import dev.osprey.api.v1.PromptPlan;
import dev.osprey.api.v1.RepositoryFile;
import dev.osprey.api.v1.TextInput;
import dev.osprey.api.v1.TokenizerGrpc;
import dev.osprey.gateway.access.Tenant;
import dev.osprey.gateway.openai.ApiException;
import dev.osprey.gateway.openai.ChatMessageInput;
import dev.osprey.gateway.openai.ChatRequest;
import dev.osprey.gateway.openai.CompletionRequest;
import dev.osprey.gateway.openai.DebugOptions;
import dev.osprey.gateway.openai.InfillRequest;
import dev.osprey.gateway.openai.PromptInput;
import dev.osprey.gateway.openai.Sampling;
import dev.osprey.gateway.upstream.ReactiveCalls;
import dev.osprey.gateway.upstream.UpstreamErrors;
import dev.osprey.gateway.upstream.UpstreamService;
import io.grpc.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The request path behind every generation endpoint: resolve the model, turn the request into
 * prompts (tokenizer for plain text, the context service's plans for chat and fill-in-the-middle),
 * check them against the context, and describe the generations to run. Transport-neutral: the REST
 * and gRPC adapters render the same {@link Prepared}.
 */
public final class CompletionPipeline {

    private final Channel tokenizer;
    private final Channel context;
    private final ModelCatalog catalog;
    private final InferenceClient inference;

    public CompletionPipeline(Channel tokenizer, Channel context, ModelCatalog catalog, InferenceClient inference) {
        this.tokenizer = tokenizer;
        this.context = context;
        this.catalog = catalog;
        this.inference = inference;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    /** {@code /v1/completions}: each prompt × n choices; with a suffix, a fill-in-the-middle plan. */
    public Mono<Prepared> completions(CompletionRequest request, Tenant tenant) {
        return catalog.resolve(request.model()).flatMap(model -> {
            if (request.suffix() != null) {
                requireFim(model, "suffix");
            }
            int maxTokens = request.sampling().maxTokens();
            return Flux.fromIterable(request.prompts())
                    .index()
                    .concatMap(p -> preparePlain(model, p.getT2(), request.suffix(), maxTokens,
                            request.prompts().size() == 1 ? "prompt" : "prompt[" + p.getT1() + "]", tenant))
                    .collectList()
                    .flatMap(planned -> {
                        List<PreparedPrompt> prompts = planned.stream().map(Planned::prompt).toList();
                        Prepared prepared = prepared(model, prompts, request.n(), request.sampling(), tenant);
                        Planned first = planned.getFirst();
                        return withDebug(prepared, request.debug(), first.plan(), first.planning(), first.prompt().ids());
                    });
        });
    }

    /** {@code /v1/chat/completions}: a chat plan; with a session, the turn is recorded when it completes. */
    public Mono<Prepared> chat(ChatRequest request, Tenant tenant) {
        return catalog.resolve(request.model()).flatMap(model -> {
            int maxTokens = request.sampling().maxTokens() != null
                    ? request.sampling().maxTokens() : defaultChatOutput(model);
            Mono<Void> session = request.sessionId() == null ? Mono.empty() : appendToSession(request.sessionId(),
                    model.name(), List.of(), tenant);
            return session.then(planChat(model, request, maxTokens, tenant).timed()).flatMap(timed -> {
                PromptPlan plan = timed.get();
                PreparedPrompt prompt = new PreparedPrompt(plan.getTokenIdsList(), plan.getStopIdsList(), maxTokens, "");
                Prepared prepared = prepared(model, List.of(prompt), request.n(), request.sampling(), tenant);
                return withDebug(request.sessionId() == null ? prepared : recordingTurn(prepared, request, tenant),
                        request.debug(), plan, timed.elapsed(), plan.getTokenIdsList());
            });
        });
    }

    /** {@code /v1/infill}: llama.cpp's fill-in-the-middle request through the context service's plan. */
    public Mono<Prepared> infill(InfillRequest request, Tenant tenant) {
        return catalog.resolve(request.model()).flatMap(model -> {
            requireFim(model, "input_suffix");
            int maxTokens = request.sampling().maxTokens();
            PlanInfillRequest.Builder plan = PlanInfillRequest.newBuilder()
                    .setModel(model.name())
                    .setPrefix(request.prefix())
                    .setSuffix(request.suffix())
                    .setPath(request.path())
                    .setMaxOutputTokens(maxTokens)
                    .setOwner(tenant.owner())
                    .setRetrieval(retrieval(request.debug()));
            if (request.repositoryId() != null) {
                plan.setRepositoryId(request.repositoryId());
            }
            for (InfillRequest.ExtraFile file : request.extra()) {
                plan.addExtra(RepositoryFile.newBuilder().setPath(file.filename()).setContent(file.text()));
            }
            for (InfillRequest.ExtraFile file : request.recent()) {
                plan.addRecent(RepositoryFile.newBuilder().setPath(file.filename()).setContent(file.text()));
            }
            return planInfill(plan.build()).timed().flatMap(timed -> {
                PromptPlan p = timed.get();
                return withDebug(prepared(model,
                        List.of(new PreparedPrompt(p.getTokenIdsList(), p.getStopIdsList(), maxTokens, "")), 1,
                        request.sampling(), tenant), request.debug(), p, timed.elapsed(), p.getTokenIdsList());
            });
        });
    }

    /** Token ids of {@code text} under the served model's vocabulary. */
    public Mono<List<Integer>> encode(String model, String text, boolean addSpecial) {
        EncodeRequest request = EncodeRequest.newBuilder()
                .setModel(model)
                .setInput(TextInput.newBuilder().setText(text))
                .setOptions(EncodeOptions.newBuilder().setAddSpecial(addSpecial))
                .build();
        return ReactiveCalls.unary(tokenizer, TokenizerGrpc.getEncodeMethod(), request, ReactiveCalls.defaultDeadline())
                .map(r -> r.getIdsList().stream().map(Integer::valueOf).toList())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.TOKENIZER));
    }

    /** The text of {@code ids} (special tokens rendered). */
    public Mono<String> decode(String model, List<Integer> ids) {
        DecodeRequest request = DecodeRequest.newBuilder().setModel(model).addAllIds(ids).setRenderSpecial(true).build();
        return ReactiveCalls.unary(tokenizer, TokenizerGrpc.getDecodeMethod(), request, ReactiveCalls.defaultDeadline())
                .map(r -> r.getText())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.TOKENIZER));
    }

    // ---- prompts ----

    /** A prompt and the plan it came from and how long that took (both null for a prompt only tokenized). */
    private record Planned(PreparedPrompt prompt, PromptPlan plan, Duration planning) {
    }

    private Mono<Planned> preparePlain(ModelProfile model, PromptInput input, String suffix, int maxTokens,
                                       String param, Tenant tenant) {
        if (suffix != null) {
            if (!(input instanceof PromptInput.Text text)) {
                return Mono.error(ApiException.invalidRequest(param, "unsupported_value",
                        "suffix needs a text prompt (the code before the cursor), not token ids."));
            }
            PlanInfillRequest plan = PlanInfillRequest.newBuilder().setModel(model.name()).setPrefix(text.text())
                    .setSuffix(suffix).setMaxOutputTokens(maxTokens).setOwner(tenant.owner()).build();
            return planInfill(plan).timed().map(t -> new Planned(
                    new PreparedPrompt(t.get().getTokenIdsList(), t.get().getStopIdsList(), maxTokens, ""), t.get(),
                    t.elapsed()));
        }
        Mono<PreparedPrompt> prompt = switch (input) {
            case PromptInput.Text text -> encode(model.name(), text.text(), true)
                    .map(ids -> new PreparedPrompt(ids, List.of(), maxTokens, text.text()));
            case PromptInput.Tokens tokens -> checkVocabulary(model, tokens.ids(), param)
                    .then(decode(model.name(), tokens.ids()))
                    .map(text -> new PreparedPrompt(tokens.ids(), List.of(), maxTokens, text));
        };
        return prompt.flatMap(p -> fits(model, p, param)).map(p -> new Planned(p, null, null));
    }

    private static InfillRetrieval retrieval(DebugOptions debug) {
        return switch (debug.retrieval()) {
            case SYMBOLS -> InfillRetrieval.RETRIEVAL_SYMBOLS;
            case BM25 -> InfillRetrieval.RETRIEVAL_BM25;
        };
    }

    /**
     * {@code prepared} with what {@code options} asks to show of {@code plan} (null for an unplanned prompt), made in
     * {@code planning}, and the prompt {@code ids}; unchanged when nothing is asked.
     */
    private Mono<Prepared> withDebug(Prepared prepared, DebugOptions options, PromptPlan plan, Duration planning,
                                     List<Integer> ids) {
        if (!options.requested()) {
            return Mono.just(prepared);
        }
        Mono<Optional<String>> prompt = options.returnPrompt()
                ? decode(prepared.model().name(), ids).map(Optional::of)
                : Mono.just(Optional.empty());
        return prompt.map(text -> prepared.withDebug(plan == null
                ? new DebugData(List.of(), text.orElse(null), null, null, null)
                : DebugData.of(plan, planning, options.returnSnippets(), text.orElse(null))));
    }

    private static Mono<Void> checkVocabulary(ModelProfile model, List<Integer> ids, String param) {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) >= model.vocabSize()) {
                return Mono.error(ApiException.invalidRequest(param + "[" + i + "]", "invalid_value",
                        "Token id " + ids.get(i) + " is outside the vocabulary of " + model.name() + " (size "
                                + model.vocabSize() + ")."));
            }
        }
        return Mono.empty();
    }

    private static Mono<PreparedPrompt> fits(ModelProfile model, PreparedPrompt p, String param) {
        if (p.ids().isEmpty()) {
            return Mono.error(ApiException.invalidRequest(param, "invalid_value",
                    "The prompt is empty: it encodes to no tokens."));
        }
        long requested = (long) p.ids().size() + p.maxTokens();
        if (requested > model.contextLength()) {
            return Mono.error(ApiException.contextLengthExceeded(param, "This model's maximum context length is "
                    + model.contextLength() + " tokens. However, you requested " + requested + " tokens ("
                    + p.ids().size() + " in the prompt, " + p.maxTokens()
                    + " for the completion). Please reduce your prompt or completion length."));
        }
        return Mono.just(p);
    }

    private Mono<PromptPlan> planChat(ModelProfile model, ChatRequest request, int maxTokens, Tenant tenant) {
        PlanChatRequest.Builder plan = PlanChatRequest.newBuilder().setModel(model.name()).setMaxOutputTokens(maxTokens)
                .setOwner(tenant.owner());
        StringBuilder system = new StringBuilder();
        for (ChatMessageInput m : request.messages()) {
            if (m.role().equals("system")) {
                system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
            } else {
                plan.addMessages(ChatMessage.newBuilder().setRole(m.role()).setContent(m.content()));
            }
        }
        if (plan.getMessagesCount() == 0) {
            return Mono.error(ApiException.invalidRequest("messages", "invalid_value",
                    "messages must contain at least one user message besides system messages."));
        }
        plan.setSystemPrompt(system.toString());
        if (request.sessionId() != null) {
            plan.setSessionId(request.sessionId());
        }
        if (request.repositoryId() != null) {
            plan.setRepositoryId(request.repositoryId());
        }
        return ReactiveCalls.unary(context, ContextGrpc.getPlanChatMethod(), plan.build(), ReactiveCalls.defaultDeadline())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.CONTEXT));
    }

    private Mono<PromptPlan> planInfill(PlanInfillRequest plan) {
        return ReactiveCalls.unary(context, ContextGrpc.getPlanInfillMethod(), plan, ReactiveCalls.defaultDeadline())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.CONTEXT));
    }

    private static void requireFim(ModelProfile model, String param) {
        if (!model.fimSupported()) {
            throw ApiException.invalidRequest(param, "fim_not_supported", "The model " + model.name()
                    + " has no fill-in-the-middle tokens in its vocabulary, so it cannot complete between a prefix "
                    + "and a suffix. Send the prompt without a suffix, or serve a code model with FIM tokens.");
        }
    }

    /** Chat without max_tokens: up to 2048 tokens, at most half the context. */
    static int defaultChatOutput(ModelProfile model) {
        return Math.max(1, Math.min(2048, model.contextLength() / 2));
    }

    // ---- generations ----

    private Prepared prepared(ModelProfile model, List<PreparedPrompt> prompts, int n, Sampling sampling,
                              Tenant tenant) {
        String requestPrefix = UUID.randomUUID().toString();
        List<Flux<ChoiceEvent>> choices = new ArrayList<>(prompts.size() * n);
        for (int p = 0; p < prompts.size(); p++) {
            for (int j = 0; j < n; j++) {
                int index = p * n + j;
                choices.add(inference.generate(model.name(), prompts.get(p), sampling, index, j, tenant.cacheNamespace(),
                        requestPrefix + "-" + index));
            }
        }
        Flux<ChoiceEvent> events = choices.size() == 1 ? choices.getFirst() : Flux.merge(choices);
        return new Prepared(model, prompts, n, events);
    }

    /** Appends the turn (the request's non-system messages and the reply) once choice 0 ends. */
    private Prepared recordingTurn(Prepared prepared, ChatRequest request, Tenant tenant) {
        StringBuilder reply = new StringBuilder();
        Flux<ChoiceEvent> events = prepared.events().doOnNext(e -> {
            switch (e) {
                case ChoiceEvent.Token t -> reply.append(t.text());
                case ChoiceEvent.End end -> reply.append(end.trailingText());
            }
        });
        Mono<Void> record = Mono.defer(() -> {
            List<ChatMessageInput> turn = new ArrayList<>();
            request.messages().stream().filter(m -> !m.role().equals("system")).forEach(turn::add);
            turn.add(new ChatMessageInput("assistant", reply.toString()));
            return appendToSession(request.sessionId(), prepared.model().name(), turn, tenant);
        });
        return new Prepared(prepared.model(), prepared.prompts(), prepared.n(), events.concatWith(record.then(Mono.empty())),
                prepared.debug());
    }

    private Mono<Void> appendToSession(String sessionId, String model, List<ChatMessageInput> messages, Tenant tenant) {
        AppendMessagesRequest.Builder append = AppendMessagesRequest.newBuilder().setSessionId(sessionId).setModel(model)
                .setOwner(tenant.owner());
        messages.forEach(m -> append.addMessages(ChatMessage.newBuilder().setRole(m.role()).setContent(m.content())));
        return ReactiveCalls.unary(context, ContextGrpc.getAppendMessagesMethod(), append.build(), ReactiveCalls.defaultDeadline())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.CONTEXT))
                .then();
    }

}
