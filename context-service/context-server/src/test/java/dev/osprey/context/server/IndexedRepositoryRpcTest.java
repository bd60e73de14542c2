package dev.osprey.context.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static dev.osprey.context.server.RepositoryRpcTest.file;
import static dev.osprey.context.server.RepositoryRpcTest.upload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.ChatMessage;
import dev.osprey.api.v1.DeleteRepositoryRequest;
import dev.osprey.api.v1.GetRepositoryRequest;
import dev.osprey.api.v1.IndexDirectoryRequest;
import dev.osprey.api.v1.IndexFilesRequest;
import dev.osprey.api.v1.IndexHeader;
import dev.osprey.api.v1.IndexReport;
import dev.osprey.api.v1.PlanChatRequest;
import dev.osprey.api.v1.PlanDecision;
import dev.osprey.api.v1.PlanInfillRequest;
import dev.osprey.api.v1.PlanItemKind;
import dev.osprey.api.v1.PromptPlan;
import dev.osprey.api.v1.SearchHit;
import dev.osprey.api.v1.SearchRequest;
import dev.osprey.api.v1.SourceFile;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository RPCs end to end over the real Lucene index. */
class IndexedRepositoryRpcTest {
    private static final String LEXER = """
            package demo;

            /** Splits source text into tokens. */
            public class Lexer {
                private int position;

                public Token nextToken() {
                    skipWhitespace();
                    return scanIdentifier();
                }

                private void skipWhitespace() {
                    position++;
                }
            }
            """;
    private static final String PARSER = """
            package demo;

            public class Parser {
                private final Lexer lexer = new Lexer();

                public Node parseExpression() {
                    Token first = lexer.nextToken();
                    return new Node(first);
                }
            }
            """;

    @TempDir
    Path dir;

    private static IndexFilesRequest header(String id, boolean fullSync) {
        return IndexFilesRequest.newBuilder().setHeader(IndexHeader.newBuilder().setRepositoryId(id).setFullSync(fullSync))
                .build();
    }

    private static IndexFilesRequest deleted(String path) {
        return IndexFilesRequest.newBuilder().setFile(SourceFile.newBuilder().setPath(path).setDeleted(true)).build();
    }

    @Test
    void uploadSearchReindexOnlyChangesSyncAndDelete() throws Exception {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            IndexReport first = upload(server, header("demo", false), file("src/Lexer.java", LEXER),
                    file("src/Parser.java", PARSER), file("bin/blob.bin", "\u0000\u0001binary"));
            assertThat(first.getFilesIndexed()).isEqualTo(2);
            assertThat(first.getSkippedList()).extracting(s -> s.getPath()).containsExactly("bin/blob.bin");
            assertThat(first.getTotalFiles()).isEqualTo(2);
            assertThat(first.getTotalChunks()).isPositive();

            List<SearchHit> hits = server.stub().search(SearchRequest.newBuilder().setRepositoryId("demo")
                    .setQuery("next token lexer").setK(5).build()).getHitsList();
            assertThat(hits).isNotEmpty();
            assertThat(hits.getFirst().getPath()).isEqualTo("src/Lexer.java");
            assertThat(hits.getFirst().getSymbol()).contains("nextToken");

            IndexReport again = upload(server, header("demo", false), file("src/Lexer.java", LEXER),
                    file("src/Parser.java", PARSER.replace("first", "head")));
            assertThat(again.getFilesUnchanged()).isEqualTo(1);
            assertThat(again.getFilesIndexed()).isEqualTo(1);

            IndexReport removed = upload(server, header("demo", false), deleted("src/Parser.java"));
            assertThat(removed.getFilesDeleted()).isEqualTo(1);
            assertThat(removed.getTotalFiles()).isEqualTo(1);

            IndexReport synced = upload(server, header("demo", true), file("src/Other.java", "class Other {}\n"));
            assertThat(synced.getFilesDeleted()).isEqualTo(1);
            assertThat(server.stub().getRepository(GetRepositoryRequest.newBuilder().setRepositoryId("demo").build())
                    .getFiles()).isEqualTo(1);

            assertThat(server.stub().deleteRepository(DeleteRepositoryRequest.newBuilder().setRepositoryId("demo").build())
                    .getDeleted()).isTrue();
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().getRepository(
                    GetRepositoryRequest.newBuilder().setRepositoryId("demo").build()));
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().search(
                    SearchRequest.newBuilder().setRepositoryId("demo").setQuery("x").build()));
        }
    }

    @Test
    void anIndexSurvivesARestart() throws Exception {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            upload(server, header("demo", false), file("src/Lexer.java", LEXER));
        }
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            assertThat(server.stub().getRepository(GetRepositoryRequest.newBuilder().setRepositoryId("demo").build())
                    .getFiles()).isEqualTo(1);
            assertThat(server.stub().search(SearchRequest.newBuilder().setRepositoryId("demo").setQuery("skipWhitespace")
                    .build()).getHitsList()).isNotEmpty();
        }
    }

    @Test
    void aDirectoryOnTheServerIsIndexedHonouringGitignore() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("checkout"));
        Files.writeString(repo.resolve(".gitignore"), "build/\n");
        Files.createDirectories(repo.resolve("src"));
        Files.createDirectories(repo.resolve("build"));
        Files.writeString(repo.resolve("src/Lexer.java"), LEXER);
        Files.writeString(repo.resolve("build/Generated.java"), "class Generated {}\n");
        try (InProcessContextServer server = InProcessContextServer.withAllowedRoots(dir.resolve("state"), List.of(repo),
                dev.osprey.context.index.IndexingLimits.UNLIMITED)) {
            IndexReport report = server.stub().indexDirectory(IndexDirectoryRequest.newBuilder().setRepositoryId("local")
                    .setPath(repo.toString()).build());
            assertThat(report.getTotalFiles()).isEqualTo(2);
            assertThat(server.stub().search(SearchRequest.newBuilder().setRepositoryId("local").setQuery("Generated")
                    .build()).getHitsList()).noneMatch(h -> h.getPath().startsWith("build/"));
        }
    }

    @Test
    void plansRetrieveFromTheRepository() throws Exception {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            upload(server, header("demo", false), file("src/Lexer.java", LEXER), file("src/Parser.java", PARSER),
                    file("src/Main.java", "class Main {\n    void run(Lexer lexer) {\n        Token t = lexer.nextToken();\n    }\n}\n"));
            PromptPlan infill = server.stub().planInfill(PlanInfillRequest.newBuilder().setModel(TestModels.QWEN3)
                    .setPrefix("class Main {\n    void run(Lexer lexer) {\n        Token t = lexer.").setSuffix("\n    }\n}\n")
                    .setPath("src/Main.java").setRepositoryId("demo").setMaxOutputTokens(32).build());
            assertThat(infill.getItemsList()).anyMatch(i -> i.getKind() == PlanItemKind.SNIPPET
                    && i.getLabel().startsWith("src/Lexer.java") && i.getDecision() == PlanDecision.INCLUDED);
            assertThat(infill.getItemsList()).as("the file being completed is not retrieved into its own prompt")
                    .noneMatch(i -> i.getLabel().startsWith("src/Main.java"));
            PromptPlan chat = server.stub().planChat(PlanChatRequest.newBuilder().setModel(TestModels.QWEN3)
                    .addMessages(ChatMessage.newBuilder().setRole("user").setContent("How does parseExpression work?"))
                    .setRepositoryId("demo").setMaxOutputTokens(64).build());
            assertThat(chat.getItemsList()).anyMatch(i -> i.getKind() == PlanItemKind.SNIPPET
                    && i.getLabel().startsWith("src/Parser.java"));
            assertThat(chat.getTokenIdsCount()).isLessThanOrEqualTo(chat.getWindow().getInputBudget());
            assertThat(server.registry().get("osprey.context.retrieval").tag("use", "infill").timer().count()).isEqualTo(1);
            assertThat(server.registry().get("osprey.context.retrieval").tag("use", "chat").timer().count()).isEqualTo(1);
            assertThat(server.registry().get("osprey.context.window.tokens").tag("task", "infill").tag("part", "window")
                    .summary().max()).isEqualTo(infill.getWindow().getTotalTokens());
            assertThat(server.registry().get("osprey.context.window.tokens").tag("task", "repository_chat")
                    .tag("part", "prompt").summary().max()).isEqualTo(chat.getTokenIdsCount());
        }
    }
}
