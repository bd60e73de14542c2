package dev.osprey.context.server;

import static dev.osprey.context.server.RepositoryRpcTest.file;
import static dev.osprey.context.server.RepositoryRpcTest.upload;
import static dev.osprey.testkit.GrpcAssertions.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.api.v1.IndexFilesRequest;
import dev.osprey.api.v1.IndexHeader;
import dev.osprey.api.v1.SearchMode;
import dev.osprey.api.v1.SearchRequest;
import dev.osprey.api.v1.SearchResponse;
import io.grpc.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server without an embedder: DENSE is refused saying how to enable one, HYBRID runs and reports BM25. */
class SearchModeRpcTest {
    @TempDir
    Path dir;

    private static SearchResponse search(InProcessContextServer server, SearchMode mode) {
        return server.stub().search(SearchRequest.newBuilder().setRepositoryId("demo").setQuery("nextToken")
                .setMode(mode).build());
    }

    @Test
    void withoutAnEmbedderDenseIsInvalidAndHybridRunsAsBm25SayingSo() throws Exception {
        try (InProcessContextServer server = InProcessContextServer.start(dir)) {
            upload(server, IndexFilesRequest.newBuilder().setHeader(IndexHeader.newBuilder().setRepositoryId("demo"))
                    .build(), file("Lexer.java", "class Lexer {\n    Token nextToken() { return null; }\n}\n"));

            assertThat(failsWith(Status.Code.INVALID_ARGUMENT, () -> search(server, SearchMode.DENSE)))
                    .startsWith("mode").contains("no embedder").contains("osprey.context.embeddings=true");

            for (SearchMode hybrid : new SearchMode[] {SearchMode.HYBRID, SearchMode.SEARCH_MODE_UNSPECIFIED}) {
                SearchResponse response = search(server, hybrid);
                assertThat(response.getHitsList()).isNotEmpty();
                assertThat(response.getModeUsed()).isEqualTo(SearchMode.BM25);
                assertThat(response.getNotice()).contains("BM25").contains("no embedder");
            }
            SearchResponse bm25 = search(server, SearchMode.BM25);
            assertThat(bm25.getModeUsed()).isEqualTo(SearchMode.BM25);
            assertThat(bm25.getNotice()).isEmpty();
            assertThat(bm25.getHitsList()).isNotEmpty();
        }
    }
}
