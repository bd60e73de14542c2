package dev.osprey.inference.server;

import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** An async Generate call recorded event by event, cancellable by the client. */
final class StreamObservers {
    private StreamObservers() {
    }

    static final class RecordingCall implements ClientResponseObserver<GenerateRequest, GenerateEvent> {
        final List<GenerateEvent> events = new CopyOnWriteArrayList<>();
        final CompletableFuture<List<GenerateEvent>> done = new CompletableFuture<>();
        final CountDownLatch firstToken = new CountDownLatch(1);
        private volatile ClientCallStreamObserver<GenerateRequest> call;

        static RecordingCall start(InferenceGrpc.InferenceStub stub, GenerateRequest request) {
            RecordingCall recording = new RecordingCall();
            stub.generate(request, recording);
            return recording;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<GenerateRequest> requestStream) {
            call = requestStream;
        }

        @Override
        public void onNext(GenerateEvent event) {
            events.add(event);
            firstToken.countDown();
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            done.complete(List.copyOf(events));
        }

        void cancel() {
            call.cancel("client went away", null);
        }
    }
}
