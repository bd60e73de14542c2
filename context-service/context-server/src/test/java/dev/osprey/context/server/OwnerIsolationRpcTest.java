package dev.osprey.context.server;

import static dev.osprey.context.server.RepositoryRpcTest.file;
import static dev.osprey.context.server.RepositoryRpcTest.upload;
import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.AppendMessagesRequest;
import dev.osprey.api.v1.ChatMessage;
import dev.osprey.api.v1.DeleteRepositoryRequest;
import dev.osprey.api.v1.DeleteSessionRequest;
import dev.osprey.api.v1.GetRepositoryRequest;
import dev.osprey.api.v1.GetSessionRequest;
import dev.osprey.api.v1.IndexDirectoryRequest;
import dev.osprey.api.v1.IndexFilesRequest;
import dev.osprey.api.v1.IndexHeader;
import dev.osprey.api.v1.ListRepositoriesRequest;
import dev.osprey.api.v1.PlanChatRequest;
import dev.osprey.api.v1.PlanInfillRequest;
import dev.osprey.api.v1.PlanItemKind;
import dev.osprey.api.v1.RepositoryInfo;
import dev.osprey.api.v1.SearchRequest;
import dev.osprey.context.index.IndexingLimits;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every RPC reads and writes its owner's namespace only: alice's session and repository are NOT_FOUND
 * (never disclosed) to each other owner, and the same ids under another owner name other resources.
 */
class OwnerIsolationRpcTest {
    private static final String ALICE = "alice";
    /** Other owners, including ones crafted to resemble alice's or a path. */
    private static final List<String> OTHERS = List.of("bob", "", "alice ", "ALICE", "../alice", "alice/..", "@owners",
            "\u0430lice");
    private static final String LEXER = "class Lexer {\n    Token nextToken() { return scan(); }\n}\n";

    @TempDir
    Path dir;

    private static IndexFilesRequest header(String owner, String id) {
        return IndexFilesRequest.newBuilder().setHeader(IndexHeader.newBuilder().setRepositoryId(id).setOwner(owner))
                .build();
    }

    private static ChatMessage user(String content) {
        return ChatMessage.newBuilder().setRole("user").setContent(content).build();
    }

    /** Alice's session "chat" and repository "repo". */
    private static void aliceResources(InProcessContextServer server) throws Exception {
        upload(server, header(ALICE, "repo"), file("src/Lexer.java", LEXER));
        server.stub().appendMessages(AppendMessagesRequest.newBuilder().setOwner(ALICE).setSessionId("chat")
                .addMessages(user("alice's secret question")).build());
    }

    @Test
    void anotherOwnersSessionIsNotFoundForEveryOperation() throws Exception {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            aliceResources(server);
            for (String other : OTHERS) {
                List<Consumer<String>> operations = List.of(
                        owner -> server.stub().getSession(GetSessionRequest.newBuilder().setOwner(owner)
                                .setSessionId("chat").build()),
                        owner -> server.stub().planChat(PlanChatRequest.newBuilder().setOwner(owner)
                                .setModel(TestModels.QWEN3).setSessionId("chat").addMessages(user("and?"))
                                .setMaxOutputTokens(16).build()));
                for (Consumer<String> operation : operations) {
                    assertThat(failsWith(Status.Code.NOT_FOUND, () -> operation.accept(other)))
                            .as("owner '%s'", other).contains("chat").doesNotContain(ALICE);
                }
                assertThat(server.stub().deleteSession(DeleteSessionRequest.newBuilder().setOwner(other)
                        .setSessionId("chat").build()).getDeleted()).as("owner '%s'", other).isFalse();
            }
            // appending under another owner creates that owner's own session
            assertThat(server.stub().appendMessages(AppendMessagesRequest.newBuilder().setOwner("bob")
                    .setSessionId("chat").addMessages(user("bob here")).build()).getMessageCount()).isEqualTo(1);
            assertThat(server.stub().getSession(GetSessionRequest.newBuilder().setOwner("bob").setSessionId("chat")
                    .build()).getMessagesList()).extracting(m -> m.getContent()).containsExactly("bob here");
            assertThat(server.stub().getSession(GetSessionRequest.newBuilder().setOwner(ALICE).setSessionId("chat")
                    .build()).getMessagesList()).extracting(m -> m.getContent())
                    .containsExactly("alice's secret question");
            assertThat(server.stub().deleteSession(DeleteSessionRequest.newBuilder().setOwner("bob")
                    .setSessionId("chat").build()).getDeleted()).isTrue();
            assertThat(server.stub().getSession(GetSessionRequest.newBuilder().setOwner(ALICE).setSessionId("chat")
                    .build()).getInfo().getMessageCount()).isEqualTo(1);
        }
    }

    @Test
    void anotherOwnersRepositoryIsNotFoundForEveryOperation() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Files.writeString(checkout.resolve("Bob.java"), "class Bob {}\n");
        try (InProcessContextServer server = InProcessContextServer.withAllowedRoots(dir.resolve("state"),
                List.of(checkout), IndexingLimits.UNLIMITED)) {
            aliceResources(server);
            for (String other : OTHERS) {
                List<Consumer<String>> operations = List.of(
                        owner -> server.stub().getRepository(GetRepositoryRequest.newBuilder().setOwner(owner)
                                .setRepositoryId("repo").build()),
                        owner -> server.stub().search(SearchRequest.newBuilder().setOwner(owner).setRepositoryId("repo")
                                .setQuery("nextToken").build()),
                        owner -> server.stub().planChat(PlanChatRequest.newBuilder().setOwner(owner)
                                .setModel(TestModels.QWEN3).setRepositoryId("repo").addMessages(user("nextToken?"))
                                .setMaxOutputTokens(16).build()),
                        owner -> server.stub().planInfill(PlanInfillRequest.newBuilder().setOwner(owner)
                                .setModel(TestModels.QWEN3).setRepositoryId("repo").setPrefix("lexer.next")
                                .setMaxOutputTokens(16).build()));
                for (Consumer<String> operation : operations) {
                    assertThat(failsWith(Status.Code.NOT_FOUND, () -> operation.accept(other)))
                            .as("owner '%s'", other).contains("repo").doesNotContain(ALICE);
                }
                assertThat(server.stub().deleteRepository(DeleteRepositoryRequest.newBuilder().setOwner(other)
                        .setRepositoryId("repo").build()).getDeleted()).as("owner '%s'", other).isFalse();
                assertThat(server.stub().listRepositories(ListRepositoriesRequest.newBuilder().setOwner(other).build())
                        .getRepositoriesList()).as("owner '%s'", other).isEmpty();
            }
            // indexing under another owner writes that owner's own repository of the same id
            upload(server, header("bob", "repo"), file("src/Parser.java", "class Parser {}\n"));
            server.stub().indexDirectory(IndexDirectoryRequest.newBuilder().setOwner("carol").setRepositoryId("repo")
                    .setPath(checkout.toString()).build());
            assertThat(server.stub().search(SearchRequest.newBuilder().setOwner(ALICE).setRepositoryId("repo")
                    .setQuery("Lexer Parser Bob").build()).getHitsList()).extracting(h -> h.getPath())
                    .containsOnly("src/Lexer.java");
            assertThat(server.stub().search(SearchRequest.newBuilder().setOwner("bob").setRepositoryId("repo")
                    .setQuery("Lexer nextToken Parser").build()).getHitsList()).extracting(h -> h.getPath())
                    .containsOnly("src/Parser.java");
            assertThat(server.stub().planChat(PlanChatRequest.newBuilder().setOwner("bob").setModel(TestModels.QWEN3)
                    .setRepositoryId("repo").addMessages(user("How does nextToken scan?")).setMaxOutputTokens(16)
                    .build()).getItemsList()).noneMatch(i -> i.getKind() == PlanItemKind.SNIPPET
                    && i.getLabel().contains("Lexer"));
            assertThat(server.stub().listRepositories(ListRepositoriesRequest.newBuilder().setOwner(ALICE).build())
                    .getRepositoriesList()).extracting(RepositoryInfo::getOwner, RepositoryInfo::getRepositoryId,
                            RepositoryInfo::getFiles)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(ALICE, "repo", 1));
            assertThat(server.stub().listRepositories(ListRepositoriesRequest.newBuilder().setAllOwners(true).build())
                    .getRepositoriesList()).extracting(RepositoryInfo::getOwner)
                    .containsExactly(ALICE, "bob", "carol");
            assertThat(server.stub().deleteRepository(DeleteRepositoryRequest.newBuilder().setOwner("bob")
                    .setRepositoryId("repo").build()).getDeleted()).isTrue();
            assertThat(server.stub().getRepository(GetRepositoryRequest.newBuilder().setOwner(ALICE)
                    .setRepositoryId("repo").build()).getFiles()).isEqualTo(1);
        }
    }

    @Test
    void ownersAndTheirResourcesSurviveARestart() throws Exception {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            aliceResources(server);
            upload(server, header("", "repo"), file("src/Legacy.java", "class Legacy {}\n"));
        }
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            assertThat(server.stub().getSession(GetSessionRequest.newBuilder().setOwner(ALICE).setSessionId("chat")
                    .build()).getInfo().getMessageCount()).isEqualTo(1);
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().getSession(GetSessionRequest.newBuilder()
                    .setOwner("bob").setSessionId("chat").build()));
            assertThat(server.stub().listRepositories(ListRepositoriesRequest.newBuilder().setAllOwners(true).build())
                    .getRepositoriesList()).extracting(RepositoryInfo::getOwner, RepositoryInfo::getFiles)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("", 1),
                            org.assertj.core.groups.Tuple.tuple(ALICE, 1));
            assertThat(server.stub().search(SearchRequest.newBuilder().setOwner(ALICE).setRepositoryId("repo")
                    .setQuery("Legacy").build()).getHitsList()).extracting(h -> h.getPath())
                    .doesNotContain("src/Legacy.java");
        }
    }

    @Test
    void badOwnersAreInvalidArgumentsNamingTheField() {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().getSession(GetSessionRequest
                    .newBuilder().setOwner("a\u0001b").setSessionId("chat").build()))).startsWith("owner");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().getRepository(GetRepositoryRequest
                    .newBuilder().setOwner("x".repeat(257)).setRepositoryId("repo").build()))).startsWith("owner");
        }
    }
}
