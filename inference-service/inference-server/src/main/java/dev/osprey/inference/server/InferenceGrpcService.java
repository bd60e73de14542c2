package dev.osprey.inference.server;

import dev.osprey.api.v1.CancelRequest;
import dev.osprey.api.v1.CancelResponse;
import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.ListModelsRequest;
import dev.osprey.api.v1.ListModelsResponse;
import dev.osprey.api.v1.ModelInfo;
import dev.osprey.engine.model.ModelConfig;
import dev.osprey.engine.sampling.InvalidSamplingParametersException;
import dev.osprey.engine.serve.EngineOverloadedException;
import dev.osprey.engine.serve.GenerationRequest;
import dev.osprey.engine.serve.InvalidRequestException;
import dev.osprey.engine.serve.Priority;
import dev.osprey.engine.serve.RequestHandle;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code osprey.v1.Inference} gRPC service over one {@link ServedModel}: maps requests to engine
 * {@link GenerationRequest}s, streams their events back ({@link GenerationStream}) and maps engine
 * refusals to the statuses {@code inference.proto} promises. Holds no per-call state; thread-safe.
 */
public final class InferenceGrpcService extends InferenceGrpc.InferenceImplBase {
    private static final Logger log = LoggerFactory.getLogger(InferenceGrpcService.class);
    /** Trailer on RESOURCE_EXHAUSTED: milliseconds to wait before retrying. */
    public static final Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

    private final ServedModel served;
    private final InferenceMetrics metrics;
    private final StreamLimits streamLimits;

    public InferenceGrpcService(ServedModel served, InferenceMetrics metrics, StreamLimits streamLimits) {
        this.served = Objects.requireNonNull(served, "served");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.streamLimits = Objects.requireNonNull(streamLimits, "streamLimits");
    }

    /** With {@link StreamLimits#DEFAULTS}. */
    public InferenceGrpcService(ServedModel served, InferenceMetrics metrics) {
        this(served, metrics, StreamLimits.DEFAULTS);
    }

    @Override
    public void generate(GenerateRequest request, StreamObserver<GenerateEvent> responses) {
        long arrival = System.nanoTime();
        ServerCallStreamObserver<GenerateEvent> call = (ServerCallStreamObserver<GenerateEvent>) responses;
        if (!request.getModel().isEmpty() && !request.getModel().equals(served.name())) {
            call.onError(Status.NOT_FOUND.withDescription("model '" + request.getModel() + "' is not served here; this server serves '"
                    + served.name() + "'").asRuntimeException());
            return;
        }
        GenerationRequest generation;
        try {
            generation = toGeneration(request);
        } catch (InvalidSamplingParametersException | RequestMapping.InvalidArgumentException e) {
            call.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        GenerationStream stream = new GenerationStream(generation.id(), call, served, metrics, streamLimits, arrival);
        call.setOnCancelHandler(stream::clientCancelled);
        call.setOnReadyHandler(stream::clientReady);
        RequestHandle handle;
        try {
            handle = served.engine().submit(generation, stream);
        } catch (InvalidRequestException e) {
            call.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (EngineOverloadedException e) {
            long retryMs = e.retryAfter().toMillis();
            Metadata trailers = new Metadata();
            trailers.put(RETRY_AFTER_MS, Long.toString(retryMs));
            call.onError(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage() + "; retry after " + retryMs + " ms")
                    .asRuntimeException(trailers));
            return;
        } catch (IllegalStateException e) {
            call.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        stream.submitted(handle);
        log.debug("request {}: {} prompt tokens, {} priority", generation.id(), generation.prompt().length,
                generation.priority());
    }

    private GenerationRequest toGeneration(GenerateRequest request) {
        Priority priority = RequestMapping.priority(request);
        String id = request.getRequestId().isEmpty() ? UUID.randomUUID().toString() : request.getRequestId();
        Deadline deadline = Context.current().getDeadline();
        Instant until = deadline == null ? null : Instant.now().plusNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS));
        return RequestMapping.generation(request, served, id, priority, until);
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> responses) {
        ModelConfig config = served.model().config();
        responses.onNext(ListModelsResponse.newBuilder().addModels(ModelInfo.newBuilder()
                .setName(served.name())
                .setContextLength(config.contextLength())
                .setVocabSize(config.vocabSize())
                .setArchitecture(config.architecture() == null ? "" : config.architecture())
                .setKvBlocksTotal(served.engine().stats().kvBlocksTotal())
                .setBlockSize(served.engine().config().blockSize()))
                .build());
        responses.onCompleted();
    }

    @Override
    public void cancel(CancelRequest request, StreamObserver<CancelResponse> responses) {
        boolean found = !request.getRequestId().isEmpty() && served.engine().cancel(request.getRequestId());
        responses.onNext(CancelResponse.newBuilder().setFound(found).build());
        responses.onCompleted();
    }
}
