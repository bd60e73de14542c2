package dev.osprey.gateway.batch;

import static dev.osprey.gateway.batch.BatchInputs.completions;
import static dev.osprey.gateway.batch.BatchInputs.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.gateway.access.Tenant;
import dev.osprey.gateway.openai.ApiException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and batches belong to the key that made them: another key sees 404 for every operation; an admin sees all. */
class BatchOwnershipTest {
    private static final Tenant ALICE = new Tenant("alice", false);
    private static final Tenant CAROL = new Tenant("carol", false);
    private static final Tenant ADMIN = new Tenant("root", true);

    @TempDir
    Path dir;

    private final InMemoryBatchQueue queue = new InMemoryBatchQueue();

    private BatchService service() {
        return new BatchService(new LocalBatchStore(dir.resolve("store")), queue,
                Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC), new BatchLimits(1 << 20, 2000));
    }

    private static void notFound(ThrowingCallable call, String param) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.param()).isEqualTo(param);
        });
    }

    @Test
    void anotherKeyGets404ForEveryFileAndBatchOperation() throws Exception {
        BatchService service = service();
        BatchFile file = upload(service, dir, completions(2), ALICE);
        Batch batch = service.createBatch(file.id(), InputValidator.COMPLETIONS, "24h", Map.of(), ALICE).block();
        assertThat(file.owner()).isEqualTo("alice");
        assertThat(batch.owner()).isEqualTo("alice");
        assertThat(queue.owners()).containsEntry(batch.id(), "alice");

        notFound(() -> service.getFile(file.id(), CAROL), "file_id");
        notFound(() -> service.fileContent(file.id(), CAROL), "file_id");
        notFound(() -> service.deleteFile(file.id(), CAROL), "file_id");
        notFound(() -> service.createBatch(file.id(), InputValidator.COMPLETIONS, "24h", Map.of(), CAROL).block(),
                "input_file_id");
        notFound(() -> service.getBatch(batch.id(), CAROL), "batch_id");
        notFound(() -> service.cancelBatch(batch.id(), CAROL).block(), "batch_id");
        assertThat(service.listFiles(CAROL, null, 100, null).data()).isEmpty();
        assertThat(service.listBatches(CAROL, 100, null).data()).isEmpty();
        assertThat(service.listFiles(Tenant.ANONYMOUS, null, 100, null).data()).isEmpty();
        assertThat(queue.cancelled()).isEmpty();

        assertThat(service.getFile(file.id(), ALICE)).isEqualTo(file);
        assertThat(service.listBatches(ALICE, 100, null).data()).extracting(Batch::id).containsExactly(batch.id());
    }

    @Test
    void outputFilesBelongToTheBatchOwner() throws Exception {
        BatchService service = service();
        Batch batch = service.createBatch(upload(service, dir, completions(1), ALICE).id(), InputValidator.COMPLETIONS,
                "24h", Map.of(), ALICE).block();
        service.onResult(batch.id(), "r1", new BatchOutcome.Failed("x", "failed on purpose"));
        Batch done = service.getBatch(batch.id(), ALICE);
        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        notFound(() -> service.fileContent(done.errorFileId(), CAROL), "file_id");
        try (InputStream in = service.fileContent(done.errorFileId(), ALICE)) {
            assertThat(in.readAllBytes()).isNotEmpty();
        }
    }

    @Test
    void adminSeesAndCancelsEveryKeysBatches() {
        BatchService service = service();
        BatchFile file = upload(service, dir, completions(2), ALICE);
        Batch batch = service.createBatch(file.id(), InputValidator.COMPLETIONS, "24h", Map.of(), ALICE).block();
        assertThat(service.listFiles(ADMIN, null, 100, null).data()).extracting(BatchFile::id).contains(file.id());
        assertThat(service.getBatch(batch.id(), ADMIN).id()).isEqualTo(batch.id());
        assertThat(service.cancelBatch(batch.id(), ADMIN).block().status()).isEqualTo(BatchStatus.CANCELLING);
        assertThat(queue.cancelled()).containsExactly(batch.id());
    }
}
