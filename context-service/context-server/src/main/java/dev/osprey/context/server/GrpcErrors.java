package dev.osprey.context.server;

import dev.osprey.context.index.IndexingLimitException;
import dev.osprey.context.session.SessionExistsException;
import dev.osprey.context.session.SessionStorageException;
import dev.osprey.context.session.UnknownSessionException;
import dev.osprey.context.walk.PathNotAllowedException;
import dev.osprey.context.window.ContextOverflowException;
import dev.osprey.tokenizer.fim.FimUnsupportedException;
import dev.osprey.tokenizer.template.TemplateException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error contract of {@code osprey.v1.Context} (see context.proto): each failure becomes the status
 * the contract names, with a message that says what was wrong; never UNKNOWN.
 *
 * <ul>
 *   <li>{@link IllegalArgumentException} (request checks name the field), {@link FimUnsupportedException},
 *       {@link TemplateException}: INVALID_ARGUMENT</li>
 *   <li>{@link UnknownModelException}, {@link UnknownSessionException}, {@link UnknownRepositoryException}: NOT_FOUND</li>
 *   <li>{@link ContextOverflowException}: FAILED_PRECONDITION</li>
 *   <li>{@link UploadTooLargeException}, {@link IndexingLimitException}: RESOURCE_EXHAUSTED (naming the setting)</li>
 *   <li>{@link PathNotAllowedException}: PERMISSION_DENIED (naming the allowed roots)</li>
 *   <li>{@link SessionStorageException}: UNAVAILABLE (the session database failed)</li>
 *   <li>anything else: INTERNAL, logged with its stack trace</li>
 * </ul>
 */
final class GrpcErrors {
    private static final Logger log = LoggerFactory.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    /** Completes a unary call with what {@code body} returns, or fails it with the contract's status. */
    static <T> void unary(StreamObserver<T> observer, Supplier<T> body) {
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
            case UnknownSessionException e -> Status.NOT_FOUND.withDescription(e.getMessage());
            case UnknownRepositoryException e -> Status.NOT_FOUND.withDescription(e.getMessage());
            case ContextOverflowException e -> Status.FAILED_PRECONDITION.withDescription(e.getMessage());
            case FimUnsupportedException e -> Status.INVALID_ARGUMENT.withDescription(e.getMessage());
            case TemplateException e -> Status.INVALID_ARGUMENT.withDescription("the model's chat template rejected"
                    + " the conversation: " + e.getMessage());
            case UploadTooLargeException e -> Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage());
            case IndexingLimitException e -> Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage() + " ("
                    + ContextServerProperties.Limits.setting(e.limit()) + "); the repository was left as it was");
            case PathNotAllowedException e -> Status.PERMISSION_DENIED.withDescription("path: " + e.getMessage()
                    + (e.noRoots() ? " (set osprey.context.allowed-roots to the"
                    + " directories that may be indexed)" : ""));
            case SessionExistsException e -> Status.ALREADY_EXISTS.withDescription(e.getMessage());
            case SessionStorageException e -> {
                log.error("Session store failed", e);
                yield Status.UNAVAILABLE.withDescription("session store unavailable: " + e.getMessage()).withCause(e);
            }
            case IllegalArgumentException e -> Status.INVALID_ARGUMENT.withDescription(e.getMessage());
            default -> {
                log.error("Context call failed", t);
                yield Status.INTERNAL.withDescription("internal error: " + t).withCause(t);
            }
        };
    }
}
