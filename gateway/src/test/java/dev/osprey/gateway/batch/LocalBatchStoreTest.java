package dev.osprey.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBatchStoreTest {
    @TempDir
    Path dir;

    private static BatchResult failed(String customId, long line) {
        return new BatchResult("batch_req_" + customId, customId, line, "", new BatchOutcome.Failed("x", "y"));
    }

    @Test
    void resultsAreDeduplicatedAcrossReopenAndATornLastLineIsCut() throws IOException {
        LocalBatchStore store = new LocalBatchStore(dir);
        assertThat(store.appendResult("batch_1", failed("a", 1))).isTrue();
        assertThat(store.appendResult("batch_1", failed("a", 1))).isFalse();
        Files.writeString(dir.resolve("batches/batch_1.results.jsonl"), "{\"id\":\"batch_req_b\",\"cus",
                StandardOpenOption.APPEND); // a crash in the middle of an append

        LocalBatchStore reopened = new LocalBatchStore(dir);

        assertThat(reopened.appendResult("batch_1", failed("a", 1))).isFalse();
        assertThat(reopened.appendResult("batch_1", failed("b", 2))).isTrue();
        assertThat(reopened.results("batch_1")).extracting(BatchResult::customId).containsExactly("a", "b");
    }

    @Test
    void filesAndBatchesRoundTrip() throws IOException {
        LocalBatchStore store = new LocalBatchStore(dir);
        byte[] content = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
        BatchFile file = new BatchFile("file-1", content.length, 100, "in.jsonl", BatchFile.BATCH, "alice");
        store.putFile(file, new ByteArrayInputStream(content));
        Batch batch = Batch.validating("batch_1", "/v1/completions", "file-1", "24h", 100, 200, 3, Map.of("k", "v"), "alice")
                .cancelling(150);
        store.putBatch(batch);

        LocalBatchStore reopened = new LocalBatchStore(dir);
        assertThat(reopened.file("file-1")).contains(file);
        try (InputStream in = reopened.openContent("file-1").orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(reopened.batch("batch_1")).contains(batch);
        Batch rejected = Batch.rejected("batch_2", "/v1/completions", "file-1", "24h", 100, 200,
                List.of(new LineError("invalid_url", "m", "url", 3L), new LineError("empty_file", "m", null, null)),
                Map.of(), "");
        reopened.putBatch(rejected);
        assertThat(reopened.batch("batch_2")).contains(rejected);
        assertThat(reopened.batches()).hasSize(2);
        assertThat(reopened.deleteBatch("batch_1")).isTrue();
        assertThat(reopened.batch("batch_1")).isEmpty();
        assertThat(reopened.deleteFile("file-1")).isTrue();
        assertThat(reopened.files()).isEmpty();
    }

    @Test
    void idsThatCouldLeaveTheDirectoryAreUnknown() throws IOException {
        LocalBatchStore store = new LocalBatchStore(dir);

        assertThat(store.file("../batches/x")).isEmpty();
        assertThat(store.openContent("../../etc/passwd")).isEmpty();
        assertThat(store.batch("a/b")).isEmpty();
        assertThat(store.deleteFile("..")).isFalse();
        assertThat(store.results("../x")).isEmpty();
    }
}
