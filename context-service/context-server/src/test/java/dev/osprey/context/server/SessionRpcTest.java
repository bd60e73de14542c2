package dev.osprey.context.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.AppendMessagesRequest;
import dev.osprey.api.v1.ChatMessage;
import dev.osprey.api.v1.DeleteSessionRequest;
import dev.osprey.api.v1.GetSessionRequest;
import dev.osprey.api.v1.GetSessionResponse;
import dev.osprey.api.v1.SessionInfo;
import dev.osprey.api.v1.StoredMessage;
import dev.osprey.tokenizer.EncodeOptions;
import io.grpc.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRpcTest {
    @TempDir
    Path dir;

    static ChatMessage message(String role, String content) {
        return ChatMessage.newBuilder().setRole(role).setContent(content).build();
    }

    static AppendMessagesRequest append(String sessionId, ChatMessage... messages) {
        return AppendMessagesRequest.newBuilder().setSessionId(sessionId).addAllMessages(java.util.List.of(messages)).build();
    }

    @Test
    void appendCreatesTheSessionCountsTokensWithTheModelAndGetReturnsTheMessagesInOrder() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            SessionInfo first = server.stub().appendMessages(append("chat-1",
                    message("user", "How do I parse JSON in Java?"), message("assistant", "Use Jackson's ObjectMapper.")));
            SessionInfo second = server.stub().appendMessages(append("chat-1", message("user", "And streaming?")));

            int expected = TestModels.vocabulary(TestModels.QWEN3).tokenizer()
                    .encode("How do I parse JSON in Java?", EncodeOptions.PLAIN).length;
            GetSessionResponse session = server.stub().getSession(GetSessionRequest.newBuilder().setSessionId("chat-1").build());

            assertThat(first.getSessionId()).isEqualTo("chat-1");
            assertThat(first.getMessageCount()).isEqualTo(2);
            assertThat(second.getMessageCount()).isEqualTo(3);
            assertThat(second.getTotalTokens()).isGreaterThan(first.getTotalTokens());
            assertThat(session.getInfo().getMessageCount()).isEqualTo(3);
            assertThat(session.getInfo().getCreatedAtMs()).isPositive();
            assertThat(session.getMessagesList()).extracting(StoredMessage::getSequence).containsExactly(1L, 2L, 3L);
            assertThat(session.getMessagesList()).extracting(StoredMessage::getRole).containsExactly("user", "assistant", "user");
            assertThat(session.getMessages(0).getTokenCount()).as("counted by the default model, qwen3").isEqualTo(expected);
            assertThat(session.getMessages(2).getContent()).isEqualTo("And streaming?");
        }
    }

    @Test
    void anEmptySessionIdGetsAGeneratedOne() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            SessionInfo info = server.stub().appendMessages(append("", message("user", "hi")));

            assertThat(info.getSessionId()).isNotBlank();
            assertThat(server.stub().getSession(GetSessionRequest.newBuilder().setSessionId(info.getSessionId()).build())
                    .getMessagesCount()).isEqualTo(1);
        }
    }

    @Test
    void sessionsSurviveARestartOnTheSameDirectory() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            server.stub().appendMessages(append("kept", message("user", "remember me"), message("assistant", "I will")));
        }
        try (InProcessContextServer restarted = InProcessContextServer.start(dir)) {
            GetSessionResponse session = restarted.stub().getSession(GetSessionRequest.newBuilder().setSessionId("kept").build());

            assertThat(session.getMessagesList()).extracting(StoredMessage::getContent).containsExactly("remember me", "I will");
            assertThat(restarted.stub().appendMessages(append("kept", message("user", "again"))).getMessageCount()).isEqualTo(3);
        }
    }

    @Test
    void unknownSessionIsNotFoundAndDeleteSaysWhetherThereWasOne() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            String message = failsWith(Status.Code.NOT_FOUND, () -> server.stub().getSession(
                    GetSessionRequest.newBuilder().setSessionId("nope").build()));
            assertThat(message).contains("nope");

            server.stub().appendMessages(append("gone", message("user", "x")));
            assertThat(server.stub().deleteSession(DeleteSessionRequest.newBuilder().setSessionId("gone").build())
                    .getDeleted()).isTrue();
            assertThat(server.stub().deleteSession(DeleteSessionRequest.newBuilder().setSessionId("gone").build())
                    .getDeleted()).isFalse();
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().getSession(
                    GetSessionRequest.newBuilder().setSessionId("gone").build()));
        }
    }

    @Test
    void invalidRequestsNameTheField() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().appendMessages(
                    append("s", message("user", "ok"), message("wizard", "abracadabra")))))
                    .startsWith("messages[1].role").contains("wizard");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().getSession(
                    GetSessionRequest.getDefaultInstance()))).startsWith("session_id");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().appendMessages(
                    append("x".repeat(200), message("user", "hi"))))).startsWith("session_id");
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().getSession(
                    GetSessionRequest.newBuilder().setSessionId("s").build()));
        }
    }

    @Test
    void unknownModelIsNotFound() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            String message = failsWith(Status.Code.NOT_FOUND, () -> server.stub().appendMessages(
                    append("s", message("user", "hi")).toBuilder().setModel("llama-9000").build()));

            assertThat(message).contains("llama-9000").contains(TestModels.QWEN3);
        }
    }
}
