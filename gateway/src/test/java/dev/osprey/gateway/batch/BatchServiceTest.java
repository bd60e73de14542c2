package dev.osprey.gateway.batch;

import static dev.osprey.gateway.batch.BatchInputs.completions;
import static dev.osprey.gateway.batch.BatchInputs.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.gateway.access.Tenant;
import dev.osprey.gateway.openai.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

class BatchServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final InMemoryBatchQueue queue = new InMemoryBatchQueue();

    private BatchService service(InMemoryBatchQueue q) {
        return new BatchService(new LocalBatchStore(dir.resolve("store")), q, CLOCK, new BatchLimits(1 << 20, 2000));
    }

    private static Batch create(BatchService service, String fileId) {
        return service.createBatch(fileId, InputValidator.COMPLETIONS, "24h", Map.of(), Tenant.ANONYMOUS).block();
    }

    private static BatchOutcome ok(String customId) {
        return new BatchOutcome.Succeeded(200, JsonNodeFactory.instance.objectNode()
                .put("object", "text_completion").put("text", "answer " + customId));
    }

    private static List<JsonNode> lines(BatchService service, String fileId) throws IOException {
        try (InputStream in = service.fileContent(fileId, Tenant.ANONYMOUS)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<JsonNode> out = new ArrayList<>();
            for (String l : text.split("\n")) {
                if (!l.isEmpty()) {
                    out.add(MAPPER.readTree(l));
                }
            }
            return out;
        }
    }

    /** Recovery queues in the background: waits (up to 10 s) until the batch has {@code status}. */
    private static Batch awaitStatus(BatchService service, String id, BatchStatus status) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Batch b = service.getBatch(id, Tenant.ANONYMOUS);
        while (b.status() != status && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            b = service.getBatch(id, Tenant.ANONYMOUS);
        }
        assertThat(b.status()).isEqualTo(status);
        return b;
    }

    @Test
    void batchPastItsWindowExpiresKeepingWhatCompleted() throws IOException {
        MovableClock clock = new MovableClock(CLOCK.instant());
        BatchService service = new BatchService(new LocalBatchStore(dir.resolve("store")), queue, clock,
                new BatchLimits(1 << 20, 2000));
        Batch batch = create(service, upload(service, dir, completions(3)).id());
        service.onResult(batch.id(), "r1", ok("r1"));
        clock.advance(Duration.ofHours(23));
        assertThat(service.expireOverdue()).isEmpty();
        clock.advance(Duration.ofHours(2));
        assertThat(service.expireOverdue()).containsExactly(batch.id());

        Batch expired = service.getBatch(batch.id(), Tenant.ANONYMOUS);
        assertThat(expired.status()).isEqualTo(BatchStatus.EXPIRED);
        assertThat(expired.expiredAt()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(expired.requestCounts()).isEqualTo(new RequestCounts(3, 1, 2));
        assertThat(lines(service, expired.outputFileId())).hasSize(1);
        assertThat(lines(service, expired.errorFileId())).extracting(l -> l.get("error").get("code").stringValue())
                .containsExactly(BatchService.EXPIRED_CODE, BatchService.EXPIRED_CODE);
        assertThat(queue.cancelled()).containsExactly(batch.id());
        service.onResult(batch.id(), "r2", ok("r2")); // a late result changes nothing
        assertThat(service.getBatch(batch.id(), Tenant.ANONYMOUS).requestCounts()).isEqualTo(new RequestCounts(3, 1, 2));
    }

    /** A clock tests move forward. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void pendingAndRecordedCountsFollowTheResults() {
        BatchService service = service(queue);
        Batch batch = create(service, upload(service, dir, completions(3)).id());
        assertThat(service.pendingRequests()).isEqualTo(3);
        service.onResult(batch.id(), "r1", ok("r1"));
        service.onResult(batch.id(), "r1", ok("r1")); // redelivered: counted once
        service.onResult(batch.id(), "r2", new BatchOutcome.Failed("internal_error", "boom"));
        assertThat(service.pendingRequests()).isEqualTo(1);
        assertThat(service.completedResults()).isEqualTo(1);
        assertThat(service.failedResults()).isEqualTo(1);
        service.onResult(batch.id(), "r3", ok("r3"));
        assertThat(service.pendingRequests()).isZero();
    }

    @Test
    void validBatchIsPersistedQueuedInLineOrderAndInProgress() {
        BatchService service = service(queue);
        BatchFile input = upload(service, dir, completions(5));

        Batch batch = service.createBatch(input.id(), InputValidator.COMPLETIONS, "24h", Map.of("team", "eval"), Tenant.ANONYMOUS).block();

        assertThat(batch.status()).isEqualTo(BatchStatus.IN_PROGRESS);
        assertThat(batch.id()).startsWith("batch_");
        assertThat(batch.inProgressAt()).isEqualTo(CLOCK.instant().getEpochSecond());
        assertThat(batch.expiresAt()).isEqualTo(CLOCK.instant().getEpochSecond() + 86_400);
        assertThat(batch.requestCounts()).isEqualTo(new RequestCounts(5, 0, 0));
        assertThat(batch.metadata()).containsExactly(Map.entry("team", "eval"));
        assertThat(queue.queued(batch.id())).extracting(BatchLine::customId).containsExactly("r1", "r2", "r3", "r4", "r5");
        assertThat(queue.queued(batch.id())).extracting(BatchLine::line).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(service.getBatch(batch.id(), Tenant.ANONYMOUS)).isEqualTo(batch);
    }

    @Test
    void invalidInputGivesAFailedBatchAndQueuesNothing() {
        BatchService service = service(queue);
        BatchFile input = upload(service, dir, completions(2) + "{oops\n");

        Batch batch = create(service, input.id());

        assertThat(batch.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(batch.failedAt()).isNotNull();
        assertThat(batch.errors()).extracting(LineError::line).containsExactly(3L);
        assertThat(queue.enqueueCalls()).isEmpty();
        assertThat(service.getBatch(batch.id(), Tenant.ANONYMOUS).status()).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void emptyFileGivesAFailedBatch() {
        BatchService service = service(queue);
        Batch batch = create(service, upload(service, dir, "").id());

        assertThat(batch.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(batch.errors()).extracting(LineError::code).containsExactly("empty_file");
        assertThat(queue.enqueueCalls()).isEmpty();
    }

    @Test
    void argumentsAreChecked() {
        BatchService service = service(queue);
        String file = upload(service, dir, completions(1)).id();

        assertThatThrownBy(() -> service.createBatch(file, "/v1/embeddings", "24h", Map.of(), Tenant.ANONYMOUS).block())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("endpoint"));
        assertThatThrownBy(() -> service.createBatch(file, InputValidator.COMPLETIONS, "1h", Map.of(), Tenant.ANONYMOUS).block())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("completion_window"));
        assertThatThrownBy(() -> service.createBatch("file-nope", InputValidator.COMPLETIONS, "24h", Map.of(), Tenant.ANONYMOUS).block())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
        Map<String, String> tooMany = new java.util.HashMap<>();
        for (int i = 0; i < 17; i++) {
            tooMany.put("k" + i, "v");
        }
        assertThatThrownBy(() -> service.createBatch(file, InputValidator.COMPLETIONS, "24h", tooMany, Tenant.ANONYMOUS).block())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("metadata"));
        assertThat(service.listBatches(Tenant.ANONYMOUS, 100, null).data()).isEmpty();
    }

    @Test
    void thousandResultsInRandomOrderWithDuplicatesGiveOrderedFiles() throws Exception {
        BatchService service = service(queue);
        Batch batch = create(service, upload(service, dir, completions(1000)).id());
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            order.add(i);
        }
        Random random = new Random(7);
        Collections.shuffle(order, random);
        for (int i = 0; i < 150; i++) {
            order.add(random.nextInt(order.size()), order.get(random.nextInt(1000))); // duplicates, anywhere
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            int half = order.size() / 2;
            for (int k = 0; k < order.size(); k++) {
                int i = order.get(k);
                done.add(pool.submit(() -> service.onResult(batch.id(), "r" + i,
                        i % 10 == 0 ? new BatchOutcome.Failed("internal_error", "engine failed on r" + i) : ok("r" + i))));
                if (k == half) {
                    for (Future<?> f : done) {
                        f.get();
                    }
                    Batch midway = service.getBatch(batch.id(), Tenant.ANONYMOUS);
                    assertThat(midway.status()).isEqualTo(BatchStatus.IN_PROGRESS);
                    assertThat(midway.requestCounts().completed() + midway.requestCounts().failed())
                            .isBetween(1L, 999L);
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        Batch finished = service.getBatch(batch.id(), Tenant.ANONYMOUS);
        assertThat(finished.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(finished.requestCounts()).isEqualTo(new RequestCounts(1000, 900, 100));
        assertThat(finished.completedAt()).isNotNull();
        assertThat(finished.finalizingAt()).isNotNull();
        List<JsonNode> output = lines(service, finished.outputFileId());
        assertThat(output).hasSize(900);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 1000; i++) {
            if (i % 10 != 0) {
                expected.add("r" + i);
            }
        }
        assertThat(output).extracting(n -> n.get("custom_id").stringValue()).containsExactlyElementsOf(expected);
        JsonNode first = output.getFirst();
        assertThat(first.get("id").stringValue()).startsWith("batch_req_");
        assertThat(first.get("response").get("status_code").intValue()).isEqualTo(200);
        assertThat(first.get("response").get("request_id").stringValue()).startsWith("req_");
        assertThat(first.get("response").get("body").get("text").stringValue()).isEqualTo("answer r1");
        assertThat(first.get("error").isNull()).isTrue();
        List<JsonNode> errors = lines(service, finished.errorFileId());
        assertThat(errors).hasSize(100);
        assertThat(errors.getFirst().get("custom_id").stringValue()).isEqualTo("r10");
        assertThat(errors.getFirst().get("response").isNull()).isTrue();
        assertThat(errors.getFirst().get("error").get("code").stringValue()).isEqualTo("internal_error");
        assertThat(service.getFile(finished.outputFileId(), Tenant.ANONYMOUS).purpose()).isEqualTo(BatchFile.BATCH_OUTPUT);
        assertThat(service.getFile(finished.outputFileId(), Tenant.ANONYMOUS).filename()).isEqualTo(batch.id() + "_output.jsonl");

        service.onResult(batch.id(), "r1", new BatchOutcome.Failed("late", "a result after the end"));
        assertThat(service.getBatch(batch.id(), Tenant.ANONYMOUS)).isEqualTo(finished);
    }

    @Test
    void firstResultOfACustomIdWins() throws IOException {
        BatchService service = service(queue);
        Batch batch = create(service, upload(service, dir, completions(2)).id());

        service.onResult(batch.id(), "r1", ok("r1"));
        service.onResult(batch.id(), "r1", new BatchOutcome.Failed("internal_error", "duplicate delivery"));
        assertThat(service.getBatch(batch.id(), Tenant.ANONYMOUS).requestCounts()).isEqualTo(new RequestCounts(2, 1, 0));
        service.onResult(batch.id(), "r2", ok("r2"));

        Batch done = service.getBatch(batch.id(), Tenant.ANONYMOUS);
        assertThat(done.errorFileId()).isNull();
        assertThat(lines(service, done.outputFileId())).hasSize(2);
    }

    @Test
    void unknownBatchesAndCustomIdsAreIgnored() {
        BatchService service = service(queue);
        Batch batch = create(service, upload(service, dir, completions(1)).id());

        service.onResult("batch_unknown", "r1", ok("r1"));
        service.onResult("../../etc", "r1", ok("r1"));
        service.onResult(batch.id(), "r99", ok("r99"));

        assertThat(service.getBatch(batch.id(), Tenant.ANONYMOUS).requestCounts()).isEqualTo(new RequestCounts(1, 0, 0));
    }

    @Test
    void nonSuccessStatusGoesToTheErrorFileWithItsResponse() throws IOException {
        BatchService service = service(queue);
        Batch batch = create(service, upload(service, dir, completions(1)).id());

        service.onResult(batch.id(), "r1", new BatchOutcome.Succeeded(400, JsonNodeFactory.instance.objectNode()
                .put("message", "context too long")));

        Batch done = service.getBatch(batch.id(), Tenant.ANONYMOUS);
        assertThat(done.requestCounts()).isEqualTo(new RequestCounts(1, 0, 1));
        assertThat(done.outputFileId()).isNull();
        JsonNode line = lines(service, done.errorFileId()).getFirst();
        assertThat(line.get("response").get("status_code").intValue()).isEqualTo(400);
    }

    @Test
    void cancelMidwayEndsCancelledOnceEveryRequestIsAccountedFor() throws IOException {
        BatchService service = service(queue);
        Batch batch = create(service, upload(service, dir, completions(10)).id());
        for (int i = 1; i <= 3; i++) {
            service.onResult(batch.id(), "r" + i, ok("r" + i));
        }

        Batch cancelling = service.cancelBatch(batch.id(), Tenant.ANONYMOUS).block();

        assertThat(cancelling.status()).isEqualTo(BatchStatus.CANCELLING);
        assertThat(cancelling.cancellingAt()).isNotNull();
        assertThat(queue.cancelled()).containsExactly(batch.id());
        service.onResult(batch.id(), "r4", ok("r4")); // already running when the cancel arrived
        for (int i = 5; i <= 10; i++) {
            service.onResult(batch.id(), "r" + i, new BatchOutcome.Failed(BatchService.CANCELLED_CODE, "cancelled"));
        }
        Batch cancelled = service.getBatch(batch.id(), Tenant.ANONYMOUS);
        assertThat(cancelled.status()).isEqualTo(BatchStatus.CANCELLED);
        assertThat(cancelled.cancelledAt()).isNotNull();
        assertThat(cancelled.completedAt()).isNull();
        assertThat(cancelled.requestCounts()).isEqualTo(new RequestCounts(10, 4, 6));
        assertThat(lines(service, cancelled.outputFileId())).hasSize(4);
        assertThat(lines(service, cancelled.errorFileId())).extracting(n -> n.get("error").get("code").stringValue())
                .containsOnly(BatchService.CANCELLED_CODE).hasSize(6);

        assertThatThrownBy(() -> service.cancelBatch(batch.id(), Tenant.ANONYMOUS).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("Cannot cancel a batch with status 'cancelled'.");
                });
        assertThatThrownBy(() -> service.cancelBatch("batch_nope", Tenant.ANONYMOUS).block())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void cancelWhileTheQueueIsDownIs503AndChangesNothing() {
        BatchService service = service(queue);
        Batch batch = create(service, upload(service, dir, completions(2)).id());
        queue.refuse("broker down");

        assertThatThrownBy(() -> service.cancelBatch(batch.id(), Tenant.ANONYMOUS).block()).isInstanceOf(BatchUnavailableException.class);
        assertThat(service.getBatch(batch.id(), Tenant.ANONYMOUS).status()).isEqualTo(BatchStatus.IN_PROGRESS);
    }

    @Test
    void restartMidBatchKeepsStatusCountsAndResultsAndCompletes() throws IOException {
        BatchService before = service(queue);
        Batch batch = create(before, upload(before, dir, completions(20)).id());
        for (int i = 1; i <= 8; i++) {
            before.onResult(batch.id(), "r" + i, i == 4 ? new BatchOutcome.Failed("internal_error", "x") : ok("r" + i));
        }

        BatchService after = service(new InMemoryBatchQueue()); // a new process over the same directory
        after.recover();

        Batch resumed = after.getBatch(batch.id(), Tenant.ANONYMOUS);
        assertThat(resumed.status()).isEqualTo(BatchStatus.IN_PROGRESS);
        assertThat(resumed.requestCounts()).isEqualTo(new RequestCounts(20, 7, 1));
        after.onResult(batch.id(), "r4", ok("r4")); // redelivered after the restart: the first result stays
        for (int i = 9; i <= 20; i++) {
            after.onResult(batch.id(), "r" + i, ok("r" + i));
        }
        Batch done = after.getBatch(batch.id(), Tenant.ANONYMOUS);
        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(done.requestCounts()).isEqualTo(new RequestCounts(20, 19, 1));
        assertThat(lines(after, done.outputFileId())).extracting(n -> n.get("custom_id").stringValue())
                .hasSize(19).doesNotContain("r4").startsWith("r1", "r2", "r3", "r5");
        assertThat(lines(after, done.errorFileId())).extracting(n -> n.get("custom_id").stringValue())
                .containsExactly("r4");
    }

    @Test
    void recoverQueuesAgainABatchWhoseEnqueueDidNotFinish() {
        queue.hangEnqueues();
        BatchService before = service(queue);
        String file = upload(before, dir, completions(10)).id();
        before.createBatch(file, InputValidator.COMPLETIONS, "24h", Map.of(), Tenant.ANONYMOUS).subscribe();
        Batch stuck = before.listBatches(Tenant.ANONYMOUS, 1, null).data().getFirst();
        assertThat(stuck.status()).isEqualTo(BatchStatus.VALIDATING);
        assertThat(stuck.enqueued()).isFalse();

        InMemoryBatchQueue restarted = new InMemoryBatchQueue();
        BatchService after = service(restarted);
        after.recover();

        Batch running = awaitStatus(after, stuck.id(), BatchStatus.IN_PROGRESS);
        assertThat(restarted.queued(stuck.id())).extracting(BatchLine::customId).hasSize(10).startsWith("r1", "r2");
        assertThat(running.status()).isEqualTo(BatchStatus.IN_PROGRESS);
        assertThat(running.enqueued()).isTrue();
        after.recover();
        assertThat(restarted.enqueueCalls()).containsExactly(stuck.id()); // queued once, not on every recovery
    }

    @Test
    void recoverFinalizesABatchWhoseResultsWereAllRecorded() throws IOException {
        BatchService before = service(queue);
        Batch batch = create(before, upload(before, dir, completions(3)).id());
        LocalBatchStore store = new LocalBatchStore(dir.resolve("store"));
        for (int i = 1; i <= 3; i++) { // as if the process died after the last result, before finalizing
            store.appendResult(batch.id(), new BatchResult("batch_req_" + i, "r" + i, i, "req_" + i, ok("r" + i)));
        }

        BatchService after = service(new InMemoryBatchQueue());
        after.recover();

        Batch done = after.getBatch(batch.id(), Tenant.ANONYMOUS);
        assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(lines(after, done.outputFileId())).hasSize(3);
    }

    @Test
    void recoverEndsACancelledBatchThatWasNeverFullyQueued() throws IOException {
        queue.hangEnqueues();
        BatchService before = service(queue);
        before.createBatch(upload(before, dir, completions(4)).id(), InputValidator.COMPLETIONS, "24h", Map.of(), Tenant.ANONYMOUS)
                .subscribe();
        Batch stuck = before.listBatches(Tenant.ANONYMOUS, 1, null).data().getFirst();
        before.onResult(stuck.id(), "r1", ok("r1"));
        assertThat(before.cancelBatch(stuck.id(), Tenant.ANONYMOUS).block().status()).isEqualTo(BatchStatus.CANCELLING);

        BatchService after = service(new InMemoryBatchQueue());
        after.recover();

        Batch cancelled = after.getBatch(stuck.id(), Tenant.ANONYMOUS);
        assertThat(cancelled.status()).isEqualTo(BatchStatus.CANCELLED);
        assertThat(cancelled.requestCounts()).isEqualTo(new RequestCounts(4, 1, 3));
        assertThat(lines(after, cancelled.errorFileId())).extracting(n -> n.get("custom_id").stringValue())
                .containsExactly("r2", "r3", "r4");
    }

    @Test
    void unavailableQueueRefusesBeforeAnythingIsWritten() {
        BatchService service = service(queue);
        String file = upload(service, dir, completions(3)).id();
        queue.refuse("no broker reachable at localhost:9094");

        assertThatThrownBy(() -> create(service, file))
                .isInstanceOf(BatchUnavailableException.class)
                .hasMessage("no broker reachable at localhost:9094");
        assertThatThrownBy(() -> service.createBatch(null, null, null, Map.of(), Tenant.ANONYMOUS).block())
                .isInstanceOf(BatchUnavailableException.class); // before the arguments are even looked at

        assertThat(service.listBatches(Tenant.ANONYMOUS, 100, null).data()).isEmpty();
        assertThat(service.listFiles(Tenant.ANONYMOUS, null, 100, null).data()).extracting(BatchFile::id).containsExactly(file);
        assertThat(queue.enqueueCalls()).isEmpty();
    }

    @Test
    void failedEnqueueRemovesTheBatchAndCancelsWhatWasQueued() {
        BatchService service = service(queue);
        String file = upload(service, dir, completions(3)).id();
        queue.failEnqueues();

        assertThatThrownBy(() -> create(service, file)).isInstanceOf(BatchUnavailableException.class)
                .hasMessageContaining("broker connection lost");

        assertThat(service.listBatches(Tenant.ANONYMOUS, 100, null).data()).isEmpty();
        String id = queue.enqueueCalls().getFirst();
        assertThat(queue.cancelled()).containsExactly(id);
        service.onResult(id, "r1", ok("r1")); // a straggler from the partial enqueue
        assertThatThrownBy(() -> service.getBatch(id, Tenant.ANONYMOUS)).isInstanceOf(ApiException.class);
    }

    @Test
    void listsAreNewestFirstAndPaged() {
        BatchService service = service(queue);
        String file = upload(service, dir, completions(1)).id();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(service, file).id());
        }
        Collections.reverse(ids);

        Page<Batch> first = service.listBatches(Tenant.ANONYMOUS, 2, null);
        assertThat(first.data()).extracting(Batch::id).containsExactlyElementsOf(ids.subList(0, 2));
        assertThat(first.hasMore()).isTrue();
        Page<Batch> last = service.listBatches(Tenant.ANONYMOUS, 10, ids.get(2));
        assertThat(last.data()).extracting(Batch::id).containsExactlyElementsOf(ids.subList(3, 5));
        assertThat(last.hasMore()).isFalse();
    }

    @Test
    void inputOfARunningBatchCannotBeDeleted() {
        BatchService service = service(queue);
        String file = upload(service, dir, completions(1)).id();
        Batch batch = create(service, file);

        assertThatThrownBy(() -> service.deleteFile(file, Tenant.ANONYMOUS))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        service.onResult(batch.id(), "r1", ok("r1"));
        service.deleteFile(file, Tenant.ANONYMOUS);
        assertThatThrownBy(() -> service.getFile(file, Tenant.ANONYMOUS))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void uploadsArePurposeAndSizeChecked() throws IOException {
        BatchService service = new BatchService(new LocalBatchStore(dir.resolve("store")), queue, CLOCK,
                new BatchLimits(100, 10));
        Path big = dir.resolve("big.jsonl");
        java.nio.file.Files.writeString(big, "x".repeat(101));

        assertThatThrownBy(() -> service.createFile("big.jsonl", "batch", big, Tenant.ANONYMOUS))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThatThrownBy(() -> service.createFile("big.jsonl", "fine-tune", big, Tenant.ANONYMOUS))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.param()).isEqualTo("purpose"));
        assertThat(service.listFiles(Tenant.ANONYMOUS, null, 10, null).data()).isEmpty();
    }
}
