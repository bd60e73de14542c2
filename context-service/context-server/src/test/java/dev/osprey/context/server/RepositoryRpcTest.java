package dev.osprey.context.server;

import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.osprey.api.v1.DeleteRepositoryRequest;
import dev.osprey.api.v1.GetRepositoryRequest;
import dev.osprey.api.v1.IndexDirectoryRequest;
import dev.osprey.api.v1.IndexFilesRequest;
import dev.osprey.api.v1.IndexHeader;
import dev.osprey.api.v1.IndexReport;
import dev.osprey.api.v1.PlanChatRequest;
import dev.osprey.api.v1.InfillRetrieval;
import dev.osprey.api.v1.PlanInfillRequest;
import dev.osprey.api.v1.RepositoryFile;
import dev.osprey.api.v1.PlanItemKind;
import dev.osprey.api.v1.PromptPlan;
import dev.osprey.api.v1.RepositoryInfo;
import dev.osprey.api.v1.SearchHit;
import dev.osprey.api.v1.SearchMode;
import dev.osprey.api.v1.SearchRequest;
import dev.osprey.api.v1.SearchResponse;
import dev.osprey.api.v1.SkippedFile;
import dev.osprey.api.v1.SourceFile;
import dev.osprey.context.plan.Snippet;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository RPCs' request checks and delegation, against a recording {@link RepositoryService}. */
class RepositoryRpcTest {
    @TempDir
    Path dir;

    /** Records what it is given; knows one repository, "osprey". */
    static final class RecordingRepositories implements RepositoryService {
        final List<Upload> uploaded = new ArrayList<>();
        final List<SkippedFile> skipped = new ArrayList<>();
        final List<String> queries = new ArrayList<>();
        final List<Path> directories = new ArrayList<>();

        @Override
        public IndexReport indexFiles(RepositoryKey repository, boolean fullSync, List<Upload> files,
                                      List<SkippedFile> skips) {
            uploaded.addAll(files);
            skipped.addAll(skips);
            return IndexReport.newBuilder().setRepositoryId(repository.id())
                    .setFilesIndexed((int) files.stream().filter(f -> !f.deleted()).count())
                    .setFilesDeleted((int) files.stream().filter(Upload::deleted).count())
                    .addAllSkipped(skips).build();
        }

        @Override
        public IndexReport indexDirectory(RepositoryKey repository, Path directory) {
            directories.add(directory);
            return IndexReport.newBuilder().setRepositoryId(repository.id()).build();
        }

        @Override
        public void checkDirectory(Path directory) {
        }

        @Override
        public RepositoryInfo get(RepositoryKey repository) {
            if (!repository.id().equals("osprey") || !repository.owner().isEmpty()) {
                throw new UnknownRepositoryException(repository.id());
            }
            return RepositoryInfo.newBuilder().setRepositoryId(repository.id()).setFiles(2).setChunks(5).build();
        }

        @Override
        public List<RepositoryInfo> list(String owner) {
            return owner == null || owner.isEmpty() ? List.of(get(new RepositoryKey("", "osprey"))) : List.of();
        }

        @Override
        public boolean delete(RepositoryKey repository) {
            return repository.id().equals("osprey") && repository.owner().isEmpty();
        }

        @Override
        public SearchResponse search(RepositoryKey repository, String query, int k, SearchMode mode) {
            get(repository);
            queries.add(query);
            return SearchResponse.newBuilder().setModeUsed(mode)
                    .addHits(SearchHit.newBuilder().setPath("src/Lexer.java").setScore(k)).build();
        }

        @Override
        public List<Snippet> retrieve(RepositoryKey repository, String query, int k) {
            get(repository);
            queries.add(query);
            return List.of(new Snippet("src/Lexer.java", 10, 12, "Lexer.next",
                    "Token next() {\n    return scan();\n}", 0.8));
        }

        @Override
        public List<Snippet> retrieveForMessage(RepositoryKey repository, String message, int k) {
            return retrieve(repository, message, k);
        }

        @Override
        public List<Snippet> retrieveAtCursor(RepositoryKey repository, String path, String prefix, String suffix,
                                              int k, List<dev.osprey.context.retrieval.RecentFile> recent) {
            get(repository);
            queries.add("cursor in " + path + ": " + prefix + "|" + suffix
                    + recent.stream().map(f -> " recent " + f.path()).collect(java.util.stream.Collectors.joining()));
            return List.of(new Snippet("src/Lexer.java", 10, 12, "Lexer.next",
                    "Token next() {\n    return scan();\n}", 0.8, "Token next()", "method Lexer.next used as 'next'"));
        }
    }

    private static IndexFilesRequest header(String id) {
        return IndexFilesRequest.newBuilder().setHeader(IndexHeader.newBuilder().setRepositoryId(id)).build();
    }

    static IndexFilesRequest file(String path, String content) {
        return IndexFilesRequest.newBuilder().setFile(SourceFile.newBuilder().setPath(path)
                .setContent(ByteString.copyFrom(content, StandardCharsets.UTF_8))).build();
    }

    static IndexReport upload(InProcessContextServer server, IndexFilesRequest... requests) throws Exception {
        CompletableFuture<IndexReport> report = new CompletableFuture<>();
        StreamObserver<IndexFilesRequest> stream = server.asyncStub().indexFiles(new StreamObserver<>() {
            @Override
            public void onNext(IndexReport value) {
                report.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                report.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                report.completeExceptionally(new AssertionError("completed without a report"));
            }
        });
        for (IndexFilesRequest request : requests) {
            stream.onNext(request);
        }
        stream.onCompleted();
        try {
            return report.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static Status uploadFails(InProcessContextServer server, IndexFilesRequest... requests) {
        try {
            upload(server, requests);
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the upload did not fail");
    }

    @Test
    void uploadsAreCheckedAndHandedOverWithOversizedFilesSkipped() throws Exception {
        RecordingRepositories repositories = new RecordingRepositories();
        try (InProcessContextServer server = InProcessContextServer.withRepositories(dir, repositories,
                new RequestLimits(64, 3, 1 << 20))) {
            IndexReport report = upload(server, header("osprey"), file("src/A.java", "class A {}"),
                    file("src/Big.java", "x".repeat(65)),
                    IndexFilesRequest.newBuilder().setFile(SourceFile.newBuilder().setPath("old/B.java").setDeleted(true)).build());

            assertThat(report.getFilesIndexed()).isEqualTo(1);
            assertThat(report.getFilesDeleted()).isEqualTo(1);
            assertThat(report.getSkippedList()).singleElement().satisfies(s -> {
                assertThat(s.getPath()).isEqualTo("src/Big.java");
                assertThat(s.getReason()).contains("64");
            });
            assertThat(repositories.uploaded).extracting(RepositoryService.Upload::path).containsExactly("src/A.java", "old/B.java");
        }
    }

    @Test
    void badUploadsFailWithTheContractsStatus() {
        RecordingRepositories repositories = new RecordingRepositories();
        try (InProcessContextServer server = InProcessContextServer.withRepositories(dir, repositories,
                new RequestLimits(1 << 20, 2, 1 << 20))) {
            assertThat(uploadFails(server, header("osprey"), file("../escape.txt", "x")).getCode())
                    .isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(uploadFails(server, file("a.txt", "x")).getDescription()).startsWith("header");
            assertThat(uploadFails(server, header("bad id!")).getDescription()).startsWith("header.repository_id");
            Status tooMany = uploadFails(server, header("osprey"), file("a", "1"), file("b", "2"), file("c", "3"));
            assertThat(tooMany.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(tooMany.getDescription()).contains("max-files-per-request");
            assertThat(repositories.uploaded).isEmpty();
        }
    }

    @Test
    void unaryRepositoryCallsAreCheckedAndDelegated() {
        RecordingRepositories repositories = new RecordingRepositories();
        try (InProcessContextServer server = InProcessContextServer.withRepositories(dir, repositories,
                RequestLimits.defaults())) {
            assertThat(server.stub().getRepository(GetRepositoryRequest.newBuilder().setRepositoryId("osprey").build())
                    .getChunks()).isEqualTo(5);
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().getRepository(
                    GetRepositoryRequest.newBuilder().setRepositoryId("other").build()));
            assertThat(server.stub().deleteRepository(DeleteRepositoryRequest.newBuilder().setRepositoryId("other")
                    .build()).getDeleted()).isFalse();
            assertThat(server.stub().search(SearchRequest.newBuilder().setRepositoryId("osprey").setQuery("lexer").build())
                    .getHits(0).getScore()).as("default k").isEqualTo(10);
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().search(SearchRequest.newBuilder()
                    .setRepositoryId("osprey").setQuery("lexer").setK(101).build()))).startsWith("k");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().search(SearchRequest.newBuilder()
                    .setRepositoryId("osprey").build()))).startsWith("query");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().indexDirectory(
                    IndexDirectoryRequest.newBuilder().setRepositoryId("osprey").setPath("relative/dir").build())))
                    .startsWith("path");
            assertThat(server.stub().indexDirectory(IndexDirectoryRequest.newBuilder().setRepositoryId("osprey")
                    .setPath(dir.toAbsolutePath().toString()).build()).getRepositoryId()).isEqualTo("osprey");
        }
    }

    @Test
    void plansRetrieveFromTheRepository() {
        RecordingRepositories repositories = new RecordingRepositories();
        try (InProcessContextServer server = InProcessContextServer.withRepositories(dir, repositories,
                RequestLimits.defaults())) {
            PromptPlan chat = server.stub().planChat(PlanChatRequest.newBuilder().setRepositoryId("osprey")
                    .addMessages(SessionRpcTest.message("user", "How does the lexer scan?")).setMaxOutputTokens(256).build());
            PromptPlan infill = server.stub().planInfill(PlanInfillRequest.newBuilder().setModel(TestModels.QWEN3)
                    .setRepositoryId("osprey").setPrefix("Token t = lexer.").setMaxOutputTokens(32).build());

            assertThat(chat.getWindow().getReason()).contains("REPOSITORY_CHAT");
            assertThat(chat.getItemsList()).anyMatch(i -> i.getKind() == PlanItemKind.SNIPPET
                    && i.getLabel().equals("src/Lexer.java:10-12"));
            assertThat(infill.getItemsList()).anyMatch(i -> i.getKind() == PlanItemKind.SNIPPET
                    && i.getReason().startsWith("method Lexer.next used as 'next'"));
            assertThat(infill.getSnippetsList()).singleElement().satisfies(s -> {
                assertThat(s.getPath()).isEqualTo("src/Lexer.java");
                assertThat(s.getScore()).isEqualTo(0.8);
                assertThat(s.getReason()).isEqualTo("method Lexer.next used as 'next'");
            });
            PromptPlan bm25 = server.stub().planInfill(PlanInfillRequest.newBuilder().setModel(TestModels.QWEN3)
                    .setRepositoryId("osprey").setPrefix("Token t = lexer.").setMaxOutputTokens(32)
                    .setRetrieval(InfillRetrieval.RETRIEVAL_BM25).build());
            assertThat(bm25.getSnippets(0).getReason()).isEmpty();
            server.stub().planInfill(PlanInfillRequest.newBuilder().setModel(TestModels.QWEN3).setRepositoryId("osprey")
                    .setPath("src/Main.java").setPrefix("Token t = lexer.").setMaxOutputTokens(32)
                    .addRecent(RepositoryFile.newBuilder().setPath("src/Lexer.java").setContent("class Lexer {}"))
                    .build());
            assertThat(repositories.queries).containsExactly("How does the lexer scan?",
                    "cursor in : Token t = lexer.|", "Token t = lexer.",
                    "cursor in src/Main.java: Token t = lexer.| recent src/Lexer.java");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planInfill(PlanInfillRequest
                    .newBuilder().setModel(TestModels.QWEN3).setPrefix("x").setMaxOutputTokens(8)
                    .addRecent(RepositoryFile.newBuilder().setPath("a.py").setContent("")).build())))
                    .contains("recent").contains("repository_id");
            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> server.stub().planInfill(PlanInfillRequest
                    .newBuilder().setModel(TestModels.QWEN3).setRepositoryId("osprey").setPrefix("x")
                    .setMaxOutputTokens(8).addRecent(RepositoryFile.newBuilder().setPath("../etc/passwd")).build())))
                    .contains("recent[0].path");
            failsWith(Status.Code.NOT_FOUND, () -> server.stub().planChat(PlanChatRequest.newBuilder()
                    .setRepositoryId("other").addMessages(SessionRpcTest.message("user", "hi")).setMaxOutputTokens(16).build()));
        }
    }
}
