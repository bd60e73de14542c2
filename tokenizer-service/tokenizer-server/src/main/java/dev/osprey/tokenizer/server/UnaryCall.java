package dev.osprey.tokenizer.server;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import dev.osprey.tokenizer.fim.FimUnsupportedException;
import dev.osprey.tokenizer.template.TemplateException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes a unary call with the response its body builds, or fails it with a status that says what
 * went wrong; never with UNKNOWN.
 *
 * <ul>
 *   <li>{@link StatusRuntimeException} / {@link StatusException}: their own status (the adapter's
 *       request checks throw these)</li>
 *   <li>{@link UnknownModelException}: NOT_FOUND</li>
 *   <li>{@link TemplateException}: INVALID_ARGUMENT (a chat template that does not compile, fails
 *       on the conversation, or rejects it with {@code raise_exception})</li>
 *   <li>{@link FimUnsupportedException}: FAILED_PRECONDITION (the model has no fill-in-the-middle
 *       tokens, or none for what was asked)</li>
 *   <li>{@link IllegalArgumentException}: INVALID_ARGUMENT (core libraries reject malformed input
 *       with it)</li>
 *   <li>anything else: INTERNAL, logged with its stack trace</li>
 * </ul>
 */
final class UnaryCall {
    private static final Logger log = LoggerFactory.getLogger(UnaryCall.class);

    private UnaryCall() {
    }

    static <T> void complete(StreamObserver<T> observer, Supplier<T> body) {
        T response;
        try {
            response = body.get();
        } catch (RuntimeException e) {
            observer.onError(status(e).asRuntimeException());
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    static Status status(Throwable t) {
        return switch (t) {
            case StatusRuntimeException e -> e.getStatus();
            case StatusException e -> e.getStatus();
            case UnknownModelException e -> Status.NOT_FOUND.withDescription(e.getMessage());
            case TemplateException e -> Status.INVALID_ARGUMENT.withDescription(e.getMessage());
            case FimUnsupportedException e -> Status.FAILED_PRECONDITION.withDescription(e.getMessage());
            case IllegalArgumentException e -> Status.INVALID_ARGUMENT.withDescription(e.getMessage());
            default -> {
                log.error("Tokenizer call failed", t);
                yield Status.INTERNAL.withDescription("internal error: " + t).withCause(t);
            }
        };
    }
}
