package dev.osprey.tokenizer.server;

import static dev.osprey.tokenizer.server.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.ClassifyRequest;
import dev.osprey.api.v1.RenderChatRequest;
import dev.osprey.api.v1.RenderInfillRequest;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** Classify, RenderChat and RenderInfill until the tokenizer core has token classes, chat templates and FIM. */
class PendingRpcsTest {

    @Test
    void sayTheyAreNotAvailableInsteadOfFakingResults() throws InterruptedException {
        try (InProcessTokenizerServer server = InProcessTokenizerServer.withReferenceModels()) {
            assertThat(failsWith(Status.Code.UNIMPLEMENTED, () -> server.stub().classify(ClassifyRequest.getDefaultInstance())))
                    .isEqualTo("Classify is not available in this build: the tokenizer core has no code-aware token classes yet");
            assertThat(failsWith(Status.Code.UNIMPLEMENTED, () -> server.stub().renderChat(RenderChatRequest.getDefaultInstance())))
                    .isEqualTo("RenderChat is not available in this build: the tokenizer core has no chat templates yet");
            assertThat(failsWith(Status.Code.UNIMPLEMENTED, () -> server.stub().renderInfill(RenderInfillRequest.getDefaultInstance())))
                    .isEqualTo("RenderInfill is not available in this build: the tokenizer core has no fill-in-the-middle formats yet");
        }
    }
}
