package dev.osprey.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the status a failed blocking gRPC call ends with, for every service's tests. */
public final class GrpcAssertions {
    private GrpcAssertions() {
    }

    /** Asserts that {@code call} fails with {@code code} and returns the status description. */
    public static String failsWith(Status.Code code, ThrowingCallable call) {
        StatusRuntimeException[] failure = new StatusRuntimeException[1];
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    failure[0] = e;
                    org.assertj.core.api.Assertions.assertThat(e.getStatus().getCode())
                            .as("status of %s", e.getStatus())
                            .isEqualTo(code);
                });
        return failure[0].getStatus().getDescription();
    }
}
