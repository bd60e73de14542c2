package dev.osprey.gateway.grpc;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.api.v1.ChatMessage;
import dev.osprey.api.v1.ChatRequest;
import dev.osprey.api.v1.CompleteRequest;
import dev.osprey.api.v1.CompletionChoice;
import dev.osprey.api.v1.CompletionChunk;
import dev.osprey.api.v1.CompletionResponse;
import dev.osprey.api.v1.CompletionsGrpc;
import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.InfillRequest;
import dev.osprey.api.v1.ListCompletionModelsRequest;
import dev.osprey.api.v1.RepositoryFile;
import dev.osprey.api.v1.SamplingOptions;
import dev.osprey.api.v1.TokenIds;
import dev.osprey.api.v1.TokenLogprob;
import dev.osprey.gateway.FakeUpstreams;
import dev.osprey.gateway.access.ApiKey;
import dev.osprey.gateway.access.KeyEntry;
import dev.osprey.gateway.access.KeyRegistry;
import dev.osprey.gateway.access.RateLimiter;
import dev.osprey.gateway.access.RateLimits;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Completions service in process, over a real pipeline in front of {@link FakeUpstreams}. */
class CompletionsGrpcServiceTest {
    private static final String ALICE = "sk-alice-0123456789abcdef";
    private static final String BOB = "sk-bob-0123456789abcdef";
    private static final String CAROL = "sk-carol-0123456789abcdef";
    private static final RateLimits BOB_LIMITS = new RateLimits(1, 0);
    private static final RateLimits CAROL_LIMITS = new RateLimits(0, 10_000);

    private final AtomicLong clock = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(clock::get);
    private FakeUpstreams upstreams;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        upstreams = new FakeUpstreams();
        KeyRegistry keys = KeyRegistry.of(KeyEntry.of("alice", ALICE, RateLimits.UNLIMITED),
                KeyEntry.of("bob", BOB, BOB_LIMITS), KeyEntry.of("carol", CAROL, CAROL_LIMITS));
        var service = new CompletionsGrpcService(upstreams.pipeline(), upstreams.tokenPieces(), limiter);
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(GrpcCompletionsConfiguration.bind(service, new AccessInterceptor(keys)))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        upstreams.close();
    }

    // ---- generations ----

    @Test
    void completeReturnsEachChoiceAndTheUsage() {
        CompletionResponse response = stub(ALICE).complete(CompleteRequest.newBuilder().setText("abc").setN(2)
                .setSampling(SamplingOptions.newBuilder().setMaxTokens(2).setTemperature(0.5).setSeed(7)).build());

        assertThat(response.getModel()).isEqualTo(FakeUpstreams.MODEL);
        assertThat(response.getId()).startsWith("cmpl-");
        assertThat(response.getChoicesList()).extracting(CompletionChoice::getIndex, CompletionChoice::getText,
                        CompletionChoice::getFinishReason, CompletionChoice::hasLogprobs)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "Hello,", FinishReason.LENGTH, false),
                        org.assertj.core.groups.Tuple.tuple(1, "Hello,", FinishReason.LENGTH, false));
        // "abc" is BOS + 3 ids, counted once for both choices; 2 tokens per choice.
        assertThat(response.getUsage().getPromptTokens()).isEqualTo(4);
        assertThat(response.getUsage().getCompletionTokens()).isEqualTo(4);
        assertThat(upstreams.generated).hasSize(2);
        assertThat(upstreams.generated).extracting(r -> r.getTokenIds().getIdsList())
                .containsOnly(FakeUpstreams.encode("abc"));
        assertThat(upstreams.generated).extracting(r -> r.getSeed()).containsExactlyInAnyOrder(7L, 8L);
        assertThat(upstreams.generated.getFirst().getTemperature()).isEqualTo(0.5);
        assertThat(upstreams.generated.getFirst().getCacheNamespace()).isEqualTo("key:alice");
    }

    @Test
    void completeEchoesThePromptAndReportsLogprobsWithTokenText() {
        CompletionResponse response = stub(ALICE).complete(CompleteRequest.newBuilder()
                .setTokenIds(TokenIds.newBuilder().addIds(5).addIds(6)).setEcho(true).setLogprobs(2).build());

        CompletionChoice choice = response.getChoices(0);
        assertThat(choice.getText()).isEqualTo("t5t6Hello, world");
        assertThat(choice.getFinishReason()).isEqualTo(FinishReason.STOP);
        List<TokenLogprob> tokens = choice.getLogprobs().getTokensList();
        assertThat(tokens).extracting(TokenLogprob::getToken).containsExactly("Hello", ",", " world");
        assertThat(tokens.getFirst().getLogprob()).isEqualTo(-0.5);
        assertThat(tokens.getFirst().getTopLogprobsList()).extracting(TokenLogprob::getToken, TokenLogprob::getLogprob)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("t200", -1.0),
                        org.assertj.core.groups.Tuple.tuple("t201", -2.0));
        assertThat(upstreams.generated.getFirst().getLogprobs()).isEqualTo(2);
    }

    @Test
    void streamCompleteSendsDeltasThenTheUsage() {
        List<CompletionChunk> chunks = drain(stub(ALICE).streamComplete(CompleteRequest.newBuilder().setText("abc")
                .setSampling(SamplingOptions.newBuilder().setMaxTokens(16)).build()));

        assertThat(chunks).extracting(c -> c.getDelta().getText())
                .containsExactly("Hello", ",", " world", "", "");
        assertThat(chunks.get(3).getDelta().getFinishReason()).isEqualTo(FinishReason.STOP);
        assertThat(chunks.subList(0, 3)).allSatisfy(c ->
                assertThat(c.getDelta().getFinishReason()).isEqualTo(FinishReason.FINISH_REASON_UNSPECIFIED));
        CompletionChunk last = chunks.getLast();
        assertThat(last.hasUsage()).isTrue();
        assertThat(last.getUsage().getPromptTokens()).isEqualTo(4);
        assertThat(last.getUsage().getCompletionTokens()).isEqualTo(3);
        assertThat(chunks).extracting(CompletionChunk::getId).containsOnly(chunks.getFirst().getId());
    }

    @Test
    void chatPlansTheMessagesAndReplies() {
        ChatRequest request = ChatRequest.newBuilder()
                .addMessages(message("system", "Be brief."))
                .addMessages(message("user", "Say hello"))
                .setRepositoryId("repo-1")
                .build();

        CompletionResponse response = stub(ALICE).chat(request);

        assertThat(response.getId()).startsWith("chatcmpl-");
        assertThat(response.getChoices(0).getText()).isEqualTo("Hello, world");
        assertThat(response.getUsage().getPromptTokens()).isEqualTo(FakeUpstreams.CHAT_PLAN.size());
        assertThat(response.getUsage().getCompletionTokens()).isEqualTo(3);
        var plan = upstreams.chatPlans.getFirst();
        assertThat(plan.getSystemPrompt()).isEqualTo("Be brief.");
        assertThat(plan.getMessagesList()).containsExactly(message("user", "Say hello"));
        assertThat(plan.getRepositoryId()).isEqualTo("repo-1");
        assertThat(upstreams.generated.getFirst().getStopTokenIdsList()).containsExactly(2);
    }

    @Test
    void streamChatRecordsTheTurnInItsSession() {
        List<CompletionChunk> chunks = drain(stub(ALICE).streamChat(ChatRequest.newBuilder()
                .addMessages(message("user", "Say hello")).setSessionId("s-1").build()));

        assertThat(text(chunks)).isEqualTo("Hello, world");
        assertThat(chunks.getLast().getUsage().getCompletionTokens()).isEqualTo(3);
        assertThat(upstreams.appended).extracting(r -> r.getMessagesList())
                .containsExactly(List.of(), List.of(message("user", "Say hello"), message("assistant", "Hello, world")));
    }

    @Test
    void infillPlansPrefixSuffixAndExtraFiles() {
        InfillRequest request = InfillRequest.newBuilder().setPrefix("def f(").setSuffix(")\n").setPath("a.py")
                .addExtra(RepositoryFile.newBuilder().setPath("b.py").setContent("x = 1"))
                .setSampling(SamplingOptions.newBuilder().setMaxTokens(2))
                .build();

        CompletionResponse response = stub(ALICE).infill(request);
        List<CompletionChunk> chunks = drain(stub(ALICE).streamInfill(request));

        assertThat(response.getChoices(0).getText()).isEqualTo("Hello,");
        assertThat(response.getChoices(0).getFinishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.getUsage().getPromptTokens()).isEqualTo(FakeUpstreams.INFILL_PLAN.size());
        assertThat(text(chunks)).isEqualTo("Hello,");
        var plan = upstreams.infillPlans.getFirst();
        assertThat(plan.getPrefix()).isEqualTo("def f(");
        assertThat(plan.getSuffix()).isEqualTo(")\n");
        assertThat(plan.getPath()).isEqualTo("a.py");
        assertThat(plan.getExtraList()).containsExactly(RepositoryFile.newBuilder().setPath("b.py").setContent("x = 1").build());
        assertThat(plan.getMaxOutputTokens()).isEqualTo(2);
    }

    @Test
    void listModelsDescribesTheServedModel() {
        var model = stub(ALICE).listModels(ListCompletionModelsRequest.getDefaultInstance()).getModels(0);

        assertThat(model.getId()).isEqualTo(FakeUpstreams.MODEL);
        assertThat(model.getContextLength()).isEqualTo(FakeUpstreams.CONTEXT_LENGTH);
        assertThat(model.getFimSupported()).isTrue();
        assertThat(model.getFimFormat()).isEqualTo(FakeUpstreams.FIM_FORMAT);
    }

    // ---- refusals ----

    @Test
    void outOfRangeSamplingIsInvalidArgumentNamingTheField() {
        StatusRuntimeException e = failure(() -> stub(ALICE).complete(CompleteRequest.newBuilder().setText("abc")
                .setSampling(SamplingOptions.newBuilder().setTemperature(3)).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("'temperature'").contains("<= 2");
        assertThat(e.getTrailers().get(GrpcErrors.ERROR_PARAM)).isEqualTo("temperature");
        assertThat(e.getTrailers().get(GrpcErrors.ERROR_CODE)).isEqualTo("invalid_value");
        assertThat(upstreams.generated).isEmpty();
    }

    @Test
    void requestRulesAreTheRestRules() {
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub(ALICE).chat(ChatRequest.getDefaultInstance())))
                .contains("'messages'").contains("empty array");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub(ALICE).complete(CompleteRequest.getDefaultInstance())))
                .isEqualTo("Missing required parameter: 'prompt'.");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub(ALICE).complete(CompleteRequest.newBuilder()
                .setText("abc").setSuffix("x").setEcho(true).build()))).contains("echo");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub(ALICE).chat(ChatRequest.newBuilder()
                .addMessages(message("wizard", "hi")).build()))).contains("'wizard'");
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub(ALICE).complete(CompleteRequest.newBuilder()
                .setText("abc").setN(17).build()))).contains("'n'");
        // max_tokens 0 as uint32 is refused, and -1 is 4294967295, not a wrapped negative.
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub(ALICE).complete(CompleteRequest.newBuilder()
                .setText("abc").setSampling(SamplingOptions.newBuilder().setMaxTokens(-1)).build())))
                .contains("'max_tokens'").contains("4294967295");
        // Passes validation, then exceeds the fake model's 256-token context.
        assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> stub(ALICE).complete(CompleteRequest.newBuilder()
                .setText("abc").setSampling(SamplingOptions.newBuilder().setMaxTokens(300)).build())))
                .contains("maximum context length is 256");
        assertThat(upstreams.generated).isEmpty();
    }

    @Test
    void unknownModelIsNotFound() {
        assertThat(failsWith(Status.Code.NOT_FOUND, () -> stub(ALICE).complete(CompleteRequest.newBuilder()
                .setModel("gpt-4").setText("abc").build()))).contains("`gpt-4` does not exist");
    }

    @Test
    void callsWithoutAGoodKeyAreUnauthenticatedWithTheRestMessages() {
        CompletionsGrpc.CompletionsBlockingStub anonymous = CompletionsGrpc.newBlockingStub(channel);
        CompleteRequest request = CompleteRequest.newBuilder().setText("abc").build();

        assertThat(failsWith(Status.Code.UNAUTHENTICATED, () -> anonymous.complete(request)))
                .startsWith("You didn't provide an API key.");
        assertThat(failsWith(Status.Code.UNAUTHENTICATED, () -> withAuthorization(ALICE).complete(request)))
                .contains("Malformed Authorization header");
        assertThat(failsWith(Status.Code.UNAUTHENTICATED, () -> stub("sk-mallory-0123456789").complete(request)))
                .startsWith("Incorrect API key provided: sk-").doesNotContain("mallory");
        assertThat(failsWith(Status.Code.UNAUTHENTICATED, () -> drain(anonymous.streamComplete(request))))
                .startsWith("You didn't provide an API key.");
        assertThat(upstreams.generated).isEmpty();
    }

    @Test
    void aKeyOverItsRequestLimitIsExhaustedWithRetryHints() {
        CompleteRequest request = CompleteRequest.newBuilder().setText("abc").build();
        stub(BOB).complete(request);

        StatusRuntimeException e = failure(() -> stub(BOB).complete(request));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription()).contains("Rate limit reached for key 'bob'");
        assertThat(Long.parseLong(e.getTrailers().get(GrpcErrors.RETRY_AFTER_MS))).isBetween(59_000L, 60_000L);
        assertThat(e.getTrailers().get(key("x-ratelimit-limit-requests"))).isEqualTo("1");
        assertThat(e.getTrailers().get(key("x-ratelimit-remaining-requests"))).isEqualTo("0");
        assertThat(e.getTrailers().get(GrpcErrors.ERROR_CODE)).isEqualTo("rate_limit_exceeded");
        assertThat(upstreams.generated).hasSize(1);
        // Another key has its own budget.
        assertThat(stub(ALICE).complete(request).getChoicesCount()).isEqualTo(1);
    }

    @Test
    void theTokenEstimateIsSettledWithTheRealUsage() {
        ApiKey carol = new ApiKey("carol", CAROL_LIMITS);
        CompletionResponse response = stub(CAROL).complete(CompleteRequest.newBuilder().setText("abc")
                .setSampling(SamplingOptions.newBuilder().setMaxTokens(200)).build());
        List<CompletionChunk> chunks = drain(stub(CAROL).streamComplete(CompleteRequest.newBuilder().setText("abc")
                .setSampling(SamplingOptions.newBuilder().setMaxTokens(200)).build()));

        long used = 2L * (response.getUsage().getPromptTokens() + response.getUsage().getCompletionTokens());
        assertThat(chunks.getLast().getUsage()).isEqualTo(response.getUsage());
        assertThat(used).isEqualTo(14);
        // The stream settles its estimate when the server side ends, which may be just after the client saw the end.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (limiter.headers(carol).remainingTokens() != 10_000 - used && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(limiter.headers(carol).remainingTokens()).isEqualTo(10_000 - used);
    }

    @Test
    void anOverloadedInferenceServiceIsResourceExhaustedWithItsRetryHint() {
        upstreams.mode(FakeUpstreams.Mode.EXHAUSTED);

        StatusRuntimeException unary = failure(() -> stub(ALICE).complete(CompleteRequest.newBuilder().setText("abc").build()));
        StatusRuntimeException streamed = failure(() -> drain(stub(ALICE).streamChat(ChatRequest.newBuilder()
                .addMessages(message("user", "hi")).build())));

        for (StatusRuntimeException e : List.of(unary, streamed)) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).contains("the waiting queue is full");
            assertThat(e.getTrailers().get(GrpcErrors.RETRY_AFTER_MS)).isEqualTo(FakeUpstreams.RETRY_AFTER_MS);
            assertThat(e.getTrailers().get(GrpcErrors.ERROR_CODE)).isEqualTo("server_overloaded");
        }
    }

    @Test
    void cancellingAStreamCancelsTheGenerationUpstream() throws Exception {
        upstreams.mode(FakeUpstreams.Mode.HANG);
        CountDownLatch firstChunk = new CountDownLatch(1);
        CompletableFuture<Status> closed = new CompletableFuture<>();
        AtomicReference<ClientCallStreamObserver<CompleteRequest>> call = new AtomicReference<>();
        Metadata headers = new Metadata();
        headers.put(AccessInterceptor.AUTHORIZATION, "Bearer " + ALICE);
        CompletionsGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .streamComplete(CompleteRequest.newBuilder().setText("abc").build(),
                        new ClientResponseObserver<CompleteRequest, CompletionChunk>() {
                            @Override
                            public void beforeStart(ClientCallStreamObserver<CompleteRequest> requestStream) {
                                call.set(requestStream);
                            }

                            @Override
                            public void onNext(CompletionChunk chunk) {
                                firstChunk.countDown();
                            }

                            @Override
                            public void onError(Throwable t) {
                                closed.complete(Status.fromThrowable(t));
                            }

                            @Override
                            public void onCompleted() {
                                closed.complete(Status.OK);
                            }
                        });

        assertThat(firstChunk.await(10, TimeUnit.SECONDS)).as("first chunk").isTrue();
        assertThat(upstreams.generationCancelled.getCount()).isEqualTo(1);
        call.get().cancel("the user closed the editor", null);

        assertThat(upstreams.generationCancelled.await(10, TimeUnit.SECONDS)).as("upstream cancelled").isTrue();
        assertThat(closed.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
    }

    // ---- helpers ----

    private CompletionsGrpc.CompletionsBlockingStub stub(String key) {
        return withAuthorization("Bearer " + key);
    }

    private CompletionsGrpc.CompletionsBlockingStub withAuthorization(String value) {
        Metadata headers = new Metadata();
        headers.put(AccessInterceptor.AUTHORIZATION, value);
        return CompletionsGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static ChatMessage message(String role, String content) {
        return ChatMessage.newBuilder().setRole(role).setContent(content).build();
    }

    private static Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }

    private static <T> List<T> drain(Iterator<T> stream) {
        List<T> out = new ArrayList<>();
        stream.forEachRemaining(out::add);
        return out;
    }

    private static String text(List<CompletionChunk> chunks) {
        StringBuilder text = new StringBuilder();
        chunks.stream().filter(CompletionChunk::hasDelta).forEach(c -> text.append(c.getDelta().getText()));
        return text.toString();
    }

    private static StatusRuntimeException failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        AtomicReference<StatusRuntimeException> caught = new AtomicReference<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, caught::set);
        return caught.get();
    }
}
