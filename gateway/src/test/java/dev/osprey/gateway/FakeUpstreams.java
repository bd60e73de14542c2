package dev.osprey.gateway;

import dev.osprey.api.v1.AppendMessagesRequest;
import dev.osprey.api.v1.ContextGrpc;
import dev.osprey.api.v1.DecodeRequest;
import dev.osprey.api.v1.DecodeResponse;
import dev.osprey.api.v1.DescribeRequest;
import dev.osprey.api.v1.DescribeResponse;
import dev.osprey.api.v1.EncodeRequest;
import dev.osprey.api.v1.EncodeResponse;
import dev.osprey.api.v1.FimSupport;
import dev.osprey.api.v1.FinalEvent;
import dev.osprey.api.v1.FinishReason;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.ListModelsRequest;
import dev.osprey.api.v1.ListModelsResponse;
import dev.osprey.api.v1.ModelInfo;
import dev.osprey.api.v1.PlanChatRequest;
import dev.osprey.api.v1.PlanInfillRequest;
import dev.osprey.api.v1.PromptPlan;
import dev.osprey.api.v1.SessionInfo;
import dev.osprey.api.v1.TokenEvent;
import dev.osprey.api.v1.TokenizerGrpc;
import dev.osprey.api.v1.TopLogprob;
import dev.osprey.api.v1.Usage;
import dev.osprey.gateway.completion.CompletionPipeline;
import dev.osprey.gateway.completion.InferenceClient;
import dev.osprey.gateway.completion.ModelCatalog;
import dev.osprey.gateway.completion.TokenPieces;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Small, deterministic stand-ins for the tokenizer, context and inference services on one in-process
 * server, and a real {@link CompletionPipeline} over them, for the gateway's adapter tests.
 *
 * <ul>
 *   <li>Tokenizer: the model has FIM tokens ({@value #FIM_FORMAT}); text encodes to one id per
 *       character ({@code 10 + c % 900}) after BOS ({@value #BOS}); reply token {@code 100 + i} is the
 *       i-th reply piece and any other id is {@code "t<id>"}. Decode joins the pieces and, as SentencePiece
 *       vocabularies do, drops a leading space from the first.</li>
 *   <li>Context: a chat plan is {@link #CHAT_PLAN}, an infill plan {@link #INFILL_PLAN}; requests are
 *       recorded.</li>
 *   <li>Inference: serves {@value #MODEL}; {@link Mode#REPLY} streams the reply pieces ({@link #REPLY}
 *       unless {@link #reply} set others) up to max_tokens (finish LENGTH when cut, STOP otherwise), each
 *       token's text being what it completes of UTF-8 (as the engine releases it), with
 *       log-probabilities when asked;
 *       {@link Mode#EXHAUSTED} fails with RESOURCE_EXHAUSTED and {@code retry-after-ms: 1500};
 *       {@link Mode#HANG} sends one token and then waits until the call is cancelled.</li>
 * </ul>
 */
public final class FakeUpstreams implements AutoCloseable {
    public static final String MODEL = "fake-coder";
    public static final int CONTEXT_LENGTH = 256;
    public static final int VOCAB_SIZE = 1000;
    public static final String FIM_FORMAT = "codellama";
    public static final int BOS = 1;
    public static final List<String> REPLY = List.of("Hello", ",", " world");
    public static final List<Integer> CHAT_PLAN = List.of(BOS, 20, 21, 22, 23);
    public static final List<Integer> INFILL_PLAN = List.of(BOS, 30, 31);
    public static final String RETRY_AFTER_MS = "1500";

    /** How {@code Generate} answers. */
    public enum Mode { REPLY, EXHAUSTED, HANG }

    public final List<GenerateRequest> generated = new CopyOnWriteArrayList<>();
    public final List<PlanChatRequest> chatPlans = new CopyOnWriteArrayList<>();
    public final List<PlanInfillRequest> infillPlans = new CopyOnWriteArrayList<>();
    public final List<AppendMessagesRequest> appended = new CopyOnWriteArrayList<>();
    /** Counted down when a hanging generation sees its call cancelled. */
    public final CountDownLatch generationCancelled = new CountDownLatch(1);

    private volatile Mode mode = Mode.REPLY;
    private volatile List<byte[]> reply = REPLY.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList();
    private final Server server;
    private final ManagedChannel channel;

    public FakeUpstreams() throws IOException {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(new Tokenizer())
                .addService(new Context())
                .addService(new Inference())
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    public void mode(Mode value) {
        mode = value;
    }

    /** The pieces Generate replies with from now on (each may cut a UTF-8 character). */
    public void reply(List<byte[]> pieces) {
        reply = List.copyOf(pieces);
    }

    /** The channel every internal service answers on. */
    public ManagedChannel channel() {
        return channel;
    }

    /** A real pipeline over the fakes. */
    public CompletionPipeline pipeline() {
        ModelCatalog catalog = new ModelCatalog(channel, channel, Optional.empty(), Duration.ofMinutes(1));
        return new CompletionPipeline(channel, channel, catalog, new InferenceClient(channel));
    }

    public TokenPieces tokenPieces() {
        return new TokenPieces(channel);
    }

    /** The ids text encodes to, BOS first. */
    public static List<Integer> encode(String text) {
        List<Integer> ids = new java.util.ArrayList<>();
        ids.add(BOS);
        text.chars().forEach(c -> ids.add(10 + c % 900));
        return ids;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private byte[] piece(int id) {
        List<byte[]> pieces = reply;
        int i = id - 100;
        return i >= 0 && i < pieces.size() ? pieces.get(i) : ("t" + id).getBytes(StandardCharsets.UTF_8);
    }

    private final class Tokenizer extends TokenizerGrpc.TokenizerImplBase {
        @Override
        public void describe(DescribeRequest request, StreamObserver<DescribeResponse> observer) {
            observer.onNext(DescribeResponse.newBuilder().setModel(MODEL).setVocabSize(VOCAB_SIZE)
                    .setFim(FimSupport.newBuilder().setSupported(true).setFormat(FIM_FORMAT))
                    .setHasChatTemplate(true).build());
            observer.onCompleted();
        }

        @Override
        public void encode(EncodeRequest request, StreamObserver<EncodeResponse> observer) {
            List<Integer> ids = FakeUpstreams.encode(request.getInput().getText());
            observer.onNext(EncodeResponse.newBuilder()
                    .addAllIds(request.getOptions().getAddSpecial() ? ids : ids.subList(1, ids.size())).build());
            observer.onCompleted();
        }

        @Override
        public void decode(DecodeRequest request, StreamObserver<DecodeResponse> observer) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            boolean first = true;
            for (int id : request.getIdsList()) {
                byte[] piece = piece(id);
                int skip = first && piece.length > 0 && piece[0] == ' ' ? 1 : 0;
                first &= piece.length == 0;
                bytes.write(piece, skip, piece.length - skip);
            }
            DecodeResponse.Builder response = DecodeResponse.newBuilder().setText(bytes.toString(StandardCharsets.UTF_8))
                    .setUtf8(ByteString.copyFrom(bytes.toByteArray()));
            if (request.getWithPieces()) {
                request.getIdsList().forEach(id -> response.addPieces(ByteString.copyFrom(piece(id))));
            }
            observer.onNext(response.build());
            observer.onCompleted();
        }
    }

    private final class Context extends ContextGrpc.ContextImplBase {
        @Override
        public void planChat(PlanChatRequest request, StreamObserver<PromptPlan> observer) {
            chatPlans.add(request);
            observer.onNext(PromptPlan.newBuilder().addAllTokenIds(CHAT_PLAN).addStopIds(2).build());
            observer.onCompleted();
        }

        @Override
        public void planInfill(PlanInfillRequest request, StreamObserver<PromptPlan> observer) {
            infillPlans.add(request);
            observer.onNext(PromptPlan.newBuilder().addAllTokenIds(INFILL_PLAN).addStopIds(3).build());
            observer.onCompleted();
        }

        @Override
        public void appendMessages(AppendMessagesRequest request, StreamObserver<SessionInfo> observer) {
            appended.add(request);
            observer.onNext(SessionInfo.newBuilder().setSessionId(request.getSessionId()).build());
            observer.onCompleted();
        }
    }

    private final class Inference extends InferenceGrpc.InferenceImplBase {
        @Override
        public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
            observer.onNext(ListModelsResponse.newBuilder().addModels(ModelInfo.newBuilder().setName(MODEL)
                    .setContextLength(CONTEXT_LENGTH).setVocabSize(VOCAB_SIZE).setArchitecture("llama")).build());
            observer.onCompleted();
        }

        @Override
        public void generate(GenerateRequest request, StreamObserver<GenerateEvent> observer) {
            generated.add(request);
            switch (mode) {
                case EXHAUSTED -> {
                    Metadata trailers = new Metadata();
                    trailers.put(Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER), RETRY_AFTER_MS);
                    observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("the waiting queue is full")
                            .asRuntimeException(trailers));
                }
                case HANG -> {
                    ServerCallStreamObserver<GenerateEvent> call = (ServerCallStreamObserver<GenerateEvent>) observer;
                    call.setOnCancelHandler(generationCancelled::countDown);
                    call.onNext(token(request, 0, REPLY.getFirst()));
                }
                case REPLY -> {
                    List<byte[]> pieces = reply;
                    int count = Math.min(pieces.size(), request.hasMaxTokens() ? request.getMaxTokens() : 16);
                    java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
                    for (int i = 0; i < count; i++) {
                        held.writeBytes(pieces.get(i));
                        observer.onNext(token(request, i, released(held)));
                    }
                    observer.onNext(GenerateEvent.newBuilder().setFinal(FinalEvent.newBuilder()
                            .setFinishReason(count < pieces.size() ? FinishReason.LENGTH : FinishReason.STOP)
                            .setTrailingText(held.toString(StandardCharsets.UTF_8))
                            .setUsage(Usage.newBuilder().setPromptTokens(request.getTokenIds().getIdsCount())
                                    .setCompletionTokens(count))
                            .setRequestId(request.getRequestId())).build());
                    observer.onCompleted();
                }
            }
        }

        /** The whole UTF-8 characters at the start of {@code held}, removed from it. */
        private static String released(java.io.ByteArrayOutputStream held) {
            byte[] bytes = held.toByteArray();
            int whole = bytes.length;
            for (int back = 1; back <= Math.min(3, bytes.length); back++) {
                int b = bytes[bytes.length - back] & 0xff;
                if ((b & 0xC0) == 0x80) {
                    continue;
                }
                int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                whole = length > back ? bytes.length - back : bytes.length;
                break;
            }
            held.reset();
            held.write(bytes, whole, bytes.length - whole);
            return new String(bytes, 0, whole, StandardCharsets.UTF_8);
        }

        private static GenerateEvent token(GenerateRequest request, int i, String text) {
            TokenEvent.Builder token = TokenEvent.newBuilder().setId(100 + i).setText(text);
            if (request.hasLogprobs()) {
                token.setLogprob(-0.5 - i);
                for (int j = 0; j < request.getLogprobs(); j++) {
                    token.addTopLogprobs(TopLogprob.newBuilder().setId(200 + j).setLogprob(-1.0 - j));
                }
            }
            return GenerateEvent.newBuilder().setToken(token).build();
        }
    }
}
