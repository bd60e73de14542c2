package dev.osprey.tokenizer.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class UnaryCallTest {

    /** Records what a call sends to its observer. */
    private static final class Recorder implements StreamObserver<String> {
        final List<String> values = new ArrayList<>();
        Throwable error;
        boolean completed;

        @Override
        public void onNext(String value) {
            values.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    private static Recorder run(Supplier<String> body) {
        Recorder recorder = new Recorder();
        UnaryCall.complete(recorder, body);
        return recorder;
    }

    private static Status failure(Supplier<String> body) {
        Recorder recorder = run(body);
        assertThat(recorder.values).isEmpty();
        assertThat(recorder.completed).isFalse();
        assertThat(recorder.error).isInstanceOf(StatusRuntimeException.class);
        return ((StatusRuntimeException) recorder.error).getStatus();
    }

    @Test
    void aResponseCompletesTheCall() {
        Recorder recorder = run(() -> "ok");

        assertThat(recorder.values).containsExactly("ok");
        assertThat(recorder.completed).isTrue();
        assertThat(recorder.error).isNull();
    }

    @Test
    void statusExceptionsKeepTheirStatus() {
        Status status = failure(() -> {
            throw Status.RESOURCE_EXHAUSTED.withDescription("too big").asRuntimeException();
        });

        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).isEqualTo("too big");
    }

    @Test
    void unknownModelIsNotFound() {
        Status status = failure(() -> {
            throw new UnknownModelException("x", List.of("a", "b"));
        });

        assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(status.getDescription()).isEqualTo("unknown model 'x'; this server serves a, b");
    }

    @Test
    void illegalArgumentFromTheCoreIsInvalidArgument() {
        Status status = failure(() -> {
            throw new IllegalArgumentException("text has an unpaired surrogate at char 3");
        });

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).isEqualTo("text has an unpaired surrogate at char 3");
    }

    @Test
    void anythingElseIsInternalWithItsMessageNeverUnknown() {
        Status status = failure(() -> {
            throw new IllegalStateException("the vocabulary asks for BOS to be added but declares no BOS token");
        });

        assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getDescription()).isEqualTo("internal error: java.lang.IllegalStateException: "
                + "the vocabulary asks for BOS to be added but declares no BOS token");
    }
}
