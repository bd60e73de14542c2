package dev.osprey.gateway.batch;

import dev.osprey.gateway.access.Tenant;
import dev.osprey.gateway.openai.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Batch API: files, batches, and the results that arrive for them. A batch is validated line by
 * line before anything is queued (an invalid input makes a {@code failed} batch that never runs), persisted
 * as {@code validating}, handed to the {@link BatchQueue}, and marked {@code in_progress} and enqueued once
 * the queue has everything. Results ({@link #onResult}) are recorded once per custom_id; when every request
 * is accounted for the output and error files are written and the batch ends {@code completed} (or
 * {@code cancelled}). After a restart {@link #recover()} redoes what a crash interrupted.
 *
 * <p>Methods that answer the API throw {@link ApiException} (404 for an unknown id, 400 for a refused
 * request) and {@link BatchUnavailableException} when the queue cannot take work. Methods block on the
 * store; callers on an event loop move them off it. Thread-safe: each running batch is mutated under its
 * own lock.
 */
public final class BatchService {
    private static final Logger log = LoggerFactory.getLogger(BatchService.class);
    /** OpenAI's only completion window. */
    public static final String COMPLETION_WINDOW = "24h";
    private static final Duration WINDOW = Duration.ofHours(24);
    public static final int MAX_METADATA = 16;
    public static final int MAX_METADATA_KEY = 64;
    public static final int MAX_METADATA_VALUE = 512;
    public static final String CANCELLED_CODE = "batch_cancelled";
    public static final String EXPIRED_CODE = "batch_expired";

    private final BatchStore store;
    private final BatchQueue queue;
    private final Clock clock;
    private final BatchLimits limits;
    private final BatchIds ids;
    private final InputValidator validator;
    private final JsonMapper mapper = JsonMapper.builder().build();
    /** Batches that collect results (or finalize), loaded on first use; removed once they end. */
    private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong completedResults = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failedResults = new java.util.concurrent.atomic.AtomicLong();
    private final Object loading = new Object();

    public BatchService(BatchStore store, BatchQueue queue, Clock clock, BatchLimits limits) {
        this.store = Objects.requireNonNull(store, "store");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.ids = new BatchIds(clock);
        this.validator = new InputValidator(limits.maxLines());
    }

    public BatchLimits limits() {
        return limits;
    }

    // ---- files ----

    /** Refuses an upload whose purpose is not {@code batch} (400), before its content is read. */
    public void checkPurpose(String purpose) {
        if (!BatchFile.BATCH.equals(purpose)) {
            throw ApiException.invalidRequest("purpose", "invalid_value", "Invalid 'purpose': '" + purpose
                    + "'. This server accepts files for the Batch API only: use 'batch'.");
        }
    }

    /**
     * Stores an uploaded file. 400 for another purpose than {@code batch} or a blank filename, 413 above
     * {@link BatchLimits#maxFileBytes()}. The lines are validated when a batch uses the file.
     *
     * @param content the upload, read and copied; the caller deletes it
     */
    public BatchFile createFile(String filename, String purpose, Path content, Tenant tenant) {
        checkPurpose(purpose);
        if (filename == null || filename.isBlank()) {
            throw ApiException.missing("file");
        }
        try {
            long bytes = Files.size(content);
            if (bytes > limits.maxFileBytes()) {
                throw fileTooLarge();
            }
            BatchFile file = new BatchFile(ids.file(), bytes, now(), filename, purpose, tenant.owner());
            try (InputStream in = Files.newInputStream(content)) {
                store.putFile(file, in);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the upload " + content, e);
        }
    }

    /** 413 for an upload above the limit. */
    public ApiException fileTooLarge() {
        return new ApiException(413, "invalid_request_error", "file", "file_too_large",
                "The file exceeds the limit of " + limits.maxFileBytes() + " bytes.");
    }

    /** The file, if {@code tenant} may see it; 404 otherwise (another owner's file is not disclosed). */
    public BatchFile getFile(String id, Tenant tenant) {
        return visibleFile(id, tenant, "file_id");
    }

    private BatchFile visibleFile(String id, Tenant tenant, String param) {
        return store.file(id).filter(f -> tenant.mayAccess(f.owner())).orElseThrow(() -> fileNotFound(id, param));
    }

    /** The file's content; the caller closes it. 404 as {@link #getFile}. */
    public InputStream fileContent(String id, Tenant tenant) {
        getFile(id, tenant);
        try {
            return store.openContent(id).orElseThrow(() -> fileNotFound(id, "file_id"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read file " + id, e);
        }
    }

    /**
     * The files {@code tenant} may see, newest first, of one purpose when {@code purpose} is not null, after
     * the file {@code after}.
     */
    public Page<BatchFile> listFiles(Tenant tenant, String purpose, int limit, String after) {
        return page(store.files().stream().filter(f -> tenant.mayAccess(f.owner()))
                .filter(f -> purpose == null || f.purpose().equals(purpose))
                .map(f -> new Item<>(f.id(), f)).toList(), limit, after);
    }

    /** Deletes a file; 404 if unknown, 409 while it is the input of a batch that is still running. */
    public void deleteFile(String id, Tenant tenant) {
        getFile(id, tenant);
        for (Batch b : store.batches()) {
            if (b.inputFileId().equals(id) && !b.status().terminal()) {
                throw new ApiException(409, "invalid_request_error", "file_id", "file_in_use", "File '" + id
                        + "' is the input of batch '" + b.id() + "', which is " + b.status().wireName()
                        + "; delete it once the batch has ended.");
            }
        }
        if (!store.deleteFile(id)) {
            throw fileNotFound(id, "file_id");
        }
    }

    // ---- batches ----

    /**
     * Creates a batch over an uploaded file. Checks {@link BatchQueue#checkAvailable()} first (so a refusal
     * writes nothing), then the arguments (400), then every line of the input: an invalid input gives a
     * {@code failed} batch with its {@code errors}, nothing queued. A valid one is persisted, queued, and
     * answered {@code in_progress} once the queue has all of it. If queueing fails the batch is removed
     * again (and a cancel sent for whatever was queued) and the Mono fails with
     * {@link BatchUnavailableException}; a crash meanwhile leaves it for {@link #recover()}.
     */
    public Mono<Batch> createBatch(String inputFileId, String endpoint, String completionWindow,
                                   Map<String, String> metadata, Tenant tenant) {
        return Mono.fromCallable(() -> prepare(inputFileId, endpoint, completionWindow, metadata, tenant))
                .flatMap(prepared -> prepared.lines() == null
                        ? Mono.just(prepared.state().batch)
                        : submit(prepared.state(), prepared.lines()));
    }

    private record Prepared(Running state, List<BatchLine> lines) {}

    private Prepared prepare(String inputFileId, String endpoint, String window, Map<String, String> metadata,
                             Tenant tenant) throws IOException {
        queue.checkAvailable();
        if (endpoint == null) {
            throw ApiException.missing("endpoint");
        }
        if (!InputValidator.ENDPOINTS.contains(endpoint)) {
            throw ApiException.invalidRequest("endpoint", "invalid_value", "Invalid 'endpoint': '" + endpoint
                    + "'. Supported: '" + InputValidator.COMPLETIONS + "', '" + InputValidator.CHAT_COMPLETIONS + "'.");
        }
        if (window == null) {
            throw ApiException.missing("completion_window");
        }
        if (!COMPLETION_WINDOW.equals(window)) {
            throw ApiException.invalidRequest("completion_window", "invalid_value", "Invalid 'completion_window': '"
                    + window + "'. Supported: '" + COMPLETION_WINDOW + "'.");
        }
        checkMetadata(metadata);
        if (inputFileId == null) {
            throw ApiException.missing("input_file_id");
        }
        BatchFile input = visibleFile(inputFileId, tenant, "input_file_id");
        if (!BatchFile.BATCH.equals(input.purpose())) {
            throw ApiException.invalidRequest("input_file_id", "invalid_value", "File '" + inputFileId
                    + "' has purpose '" + input.purpose() + "'; a batch's input needs purpose 'batch'.");
        }
        InputValidator.Result checked = validate(inputFileId, endpoint);
        long now = now();
        long expires = now + WINDOW.toSeconds();
        String id = ids.batch();
        if (!checked.valid()) {
            Batch failed = Batch.rejected(id, endpoint, inputFileId, window, now, expires, checked.errors(), metadata,
                    tenant.owner());
            store.putBatch(failed);
            log.info("Batch {} over {} failed validation: {} errors", id, inputFileId, checked.errors().size());
            return new Prepared(new Running(failed, Map.of()), null);
        }
        Batch batch = Batch.validating(id, endpoint, inputFileId, window, now, expires, checked.lines().size(),
                metadata, tenant.owner());
        Running state = new Running(batch, lineNumbers(checked.lines()));
        store.putBatch(batch);
        running.put(id, state);
        return new Prepared(state, checked.lines());
    }

    private Mono<Batch> submit(Running state, List<BatchLine> lines) {
        String id = state.batch.id();
        return Mono.defer(() -> queue.enqueue(id, state.batch.owner(), state.batch.endpoint(), lines))
                .publishOn(Schedulers.boundedElastic())
                .then(Mono.fromCallable(() -> markQueued(state)))
                .onErrorResume(e -> Mono.fromCallable(() -> rollBack(state, e)).flatMap(Mono::error));
    }

    private Batch markQueued(Running state) {
        synchronized (state) {
            Batch queued = state.batch.queued(now());
            store.putBatch(queued);
            state.batch = queued;
            log.info("Batch {}: {} requests queued", queued.id(), queued.requestCounts().total());
            return queued;
        }
    }

    /** Removes a batch whose queueing failed; the error to answer with. */
    private RuntimeException rollBack(Running state, Throwable cause) {
        String id = state.batch.id();
        synchronized (state) {
            state.gone = true;
            running.remove(id);
            store.deleteBatch(id);
        }
        log.warn("Batch {} not queued, removed: {}", id, cause.toString());
        queue.cancel(id).subscribe(null, e -> log.warn("Cancel of the unqueued batch {} not sent: {}", id, e.toString()));
        if (cause instanceof BatchUnavailableException || cause instanceof ApiException) {
            return (RuntimeException) cause;
        }
        return new BatchUnavailableException("The batch queue failed while queueing the batch: " + cause.getMessage(),
                cause);
    }

    /** The batch with its current request counts; 404 if unknown or not {@code tenant}'s to see. */
    public Batch getBatch(String id, Tenant tenant) {
        Batch batch = currentBatch(id);
        if (!tenant.mayAccess(batch.owner())) {
            throw batchNotFound(id);
        }
        return batch;
    }

    private Batch currentBatch(String id) {
        Running state = active(id);
        if (state != null) {
            return state.batch;
        }
        return store.batch(id).orElseThrow(() -> batchNotFound(id));
    }

    /** The batches {@code tenant} may see, newest first, after the batch {@code after} (a cursor from a previous page). */
    public Page<Batch> listBatches(Tenant tenant, int limit, String after) {
        return page(store.batches().stream().filter(b -> tenant.mayAccess(b.owner())).map(b -> {
            Running state = running.get(b.id());
            return new Item<>(b.id(), state != null ? state.batch : b.status().terminal() ? b : currentBatch(b.id()));
        }).toList(), limit, after);
    }

    /**
     * Cancels a validating or in-progress batch: it becomes {@code cancelling} and the queue is told; results
     * keep arriving (unrun requests as {@link BatchOutcome.Failed} {@code batch_cancelled}) until every
     * request is accounted for, then it is {@code cancelled}. Cancelling a cancelling batch sends the signal
     * again. 404 if unknown, 400 for a batch that is finalizing or has ended; 503 (as
     * {@link BatchUnavailableException}) when the queue cannot take the signal (the batch stays cancelling).
     */
    public Mono<Batch> cancelBatch(String id, Tenant tenant) {
        return Mono.fromCallable(() -> {
            Batch visible = getBatch(id, tenant);
            Running state = active(id);
            if (state == null) {
                throw cannotCancel(visible);
            }
            queue.checkAvailable();
            synchronized (state) {
                Batch b = state.batch;
                if (state.gone || !b.status().running()) {
                    throw cannotCancel(b);
                }
                if (b.status() != BatchStatus.CANCELLING) {
                    Batch cancelling = b.cancelling(now());
                    store.putBatch(cancelling);
                    state.batch = cancelling;
                    log.info("Batch {} cancelling", id);
                }
            }
            return state;
        }).flatMap(state -> queue.cancel(id)
                .onErrorMap(e -> !(e instanceof BatchUnavailableException),
                        e -> new BatchUnavailableException("The cancel of batch " + id + " was not sent: "
                                + e.getMessage(), e))
                .then(Mono.fromSupplier(() -> state.batch)));
    }

    // ---- results ----

    /**
     * Records a result; idempotent per (batchId, customId): a second result for the same custom_id is
     * ignored. Finalizes the batch (output and error files, status completed or cancelled) once every
     * request is accounted for. Unknown batch ids and custom_ids, and results for a batch that has
     * ended, are ignored (logged). Returns once the result is durable. Thread-safe.
     */
    public void onResult(String batchId, String customId, BatchOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        Running state = active(batchId);
        if (state == null) {
            log.debug("Result {} of batch {} ignored: no such batch collects results", customId, batchId);
            return;
        }
        synchronized (state) {
            Batch b = state.batch;
            if (state.gone || !b.status().running()) {
                log.debug("Result {} of batch {} ignored: the batch is {}", customId, batchId, b.status().wireName());
                return;
            }
            Long line = state.lines.get(customId);
            if (line == null) {
                log.warn("Result for unknown custom_id '{}' of batch {} ignored", customId, batchId);
                return;
            }
            if (!store.appendResult(batchId, new BatchResult(ids.resultLine(), customId, line, ids.request(), outcome))) {
                return;
            }
            (outcome.completed() ? completedResults : failedResults).incrementAndGet();
            RequestCounts c = b.requestCounts();
            state.batch = b.withCounts(outcome.completed()
                    ? new RequestCounts(c.total(), c.completed() + 1, c.failed())
                    : new RequestCounts(c.total(), c.completed(), c.failed() + 1));
            if (state.batch.requestCounts().done()) {
                finish(state);
            }
        }
    }

    /** Requests of running batches that have no result yet (queued or being generated). */
    public long pendingRequests() {
        long pending = 0;
        for (Running state : running.values()) {
            synchronized (state) {
                RequestCounts c = state.batch.requestCounts();
                if (!state.gone && state.batch.status().running()) {
                    pending += c.total() - c.completed() - c.failed();
                }
            }
        }
        return pending;
    }

    /** Results recorded by this process since it started, by outcome (for metrics). */
    public long completedResults() {
        return completedResults.get();
    }

    public long failedResults() {
        return failedResults.get();
    }

    /**
     * After a restart: re-queues batches whose queueing did not complete (asynchronously; a failure is
     * logged and left for the next call), re-sends the cancel of cancelling batches, records unqueued
     * requests of a cancelling batch as cancelled, and finalizes batches whose requests are all accounted
     * for. Safe to call at any time and more than once.
     */
    public void recover() {
        for (Batch stored : store.batches()) {
            if (stored.status().terminal()) {
                continue;
            }
            try {
                recover(stored.id());
            } catch (RuntimeException e) {
                log.error("Batch {} not recovered: {}", stored.id(), e.toString(), e);
            }
        }
    }

    private void recover(String id) {
        Running state = active(id);
        if (state == null) {
            return;
        }
        synchronized (state) {
            Batch b = state.batch;
            if (state.gone || b.status().terminal()) {
                return;
            }
            if (b.status() == BatchStatus.FINALIZING || b.requestCounts().done()) {
                finish(state);
                return;
            }
            if (b.status() == BatchStatus.CANCELLING) {
                if (!b.enqueued()) {
                    cancelUnrecorded(state);
                    return;
                }
                queue.cancel(id).subscribe(null, e -> log.warn("Cancel of batch {} not re-sent: {}", id, e.toString()));
                return;
            }
            if (b.enqueued() || state.queueing) {
                return;
            }
            state.queueing = true;
        }
        List<BatchLine> lines;
        try {
            lines = validate(state.batch.inputFileId(), state.batch.endpoint()).lines();
        } catch (IOException | RuntimeException e) {
            state.queueing = false;
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        log.info("Batch {}: queueing its {} requests again", id, lines.size());
        Mono.defer(() -> queue.enqueue(id, state.batch.owner(), state.batch.endpoint(), lines))
                .publishOn(Schedulers.boundedElastic())
                .then(Mono.fromCallable(() -> markQueued(state)))
                .doFinally(s -> state.queueing = false)
                .subscribe(null, e -> log.warn("Batch {} not queued again (left for the next recovery): {}", id,
                        e.toString()));
    }

    /**
     * Ends the running batches whose completion window has passed, as OpenAI does: requests without a
     * result fail with {@code batch_expired}, results already recorded are kept in the output file, the
     * status becomes {@code expired}, and the workers are told (as for a cancel) to skip what is left.
     * Call periodically; safe to call at any time.
     *
     * @return the batches that expired
     */
    public List<String> expireOverdue() {
        long now = now();
        List<String> expired = new ArrayList<>();
        for (Running state : running.values()) {
            synchronized (state) {
                Batch b = state.batch;
                if (state.gone || !b.status().running() || b.status() == BatchStatus.FINALIZING
                        || b.expiresAt() == null || b.expiresAt() > now) {
                    continue;
                }
                state.batch = b.expiring(now);
                store.putBatch(state.batch);
                failUnrecorded(state, EXPIRED_CODE, "The batch's completion window passed before this request ran.");
                expired.add(b.id());
            }
        }
        for (String id : expired) {
            log.info("Batch {} expired", id);
            queue.cancel(id).subscribe(null, e -> log.warn("Workers not told that batch {} expired: {}", id, e.toString()));
        }
        return expired;
    }

    /** A cancelling batch that was never fully queued: its requests without a result end as cancelled. */
    private void cancelUnrecorded(Running state) {
        failUnrecorded(state, CANCELLED_CODE, "The batch was cancelled before this request ran.");
    }

    /** Records every request without a result as failed with {@code code}, then finishes the batch. */
    private void failUnrecorded(Running state, String code, String message) {
        String id = state.batch.id();
        Set<String> recorded = new HashSet<>();
        store.results(id).forEach(r -> recorded.add(r.customId()));
        RequestCounts c = state.batch.requestCounts();
        long failed = c.failed();
        for (Map.Entry<String, Long> e : state.lines.entrySet()) {
            if (!recorded.contains(e.getKey()) && store.appendResult(id, new BatchResult(ids.resultLine(), e.getKey(),
                    e.getValue(), ids.request(), new BatchOutcome.Failed(code, message)))) {
                failed++;
            }
        }
        state.batch = state.batch.withCounts(new RequestCounts(c.total(), c.completed(), failed));
        finish(state);
    }

    /** Writes the output and error files and ends the batch; under the batch's lock. */
    private void finish(Running state) {
        Batch b = state.batch;
        String id = b.id();
        List<BatchResult> results = store.results(id).stream()
                .sorted(Comparator.comparingLong(BatchResult::line)).toList();
        if (b.status() != BatchStatus.FINALIZING) {
            boolean anyOk = results.stream().anyMatch(r -> r.outcome().completed());
            boolean anyFailed = results.stream().anyMatch(r -> !r.outcome().completed());
            b = b.finalizing(now(), anyOk ? ids.file() : null, anyFailed ? ids.file() : null);
            store.putBatch(b);
            state.batch = b;
        }
        if (b.outputFileId() != null) {
            writeResults(b.outputFileId(), id + "_output.jsonl", b.owner(), results, r -> r.outcome().completed());
        }
        if (b.errorFileId() != null) {
            writeResults(b.errorFileId(), id + "_error.jsonl", b.owner(), results, r -> !r.outcome().completed());
        }
        Batch done = b.finished(now());
        store.putBatch(done);
        state.batch = done;
        state.gone = true;
        running.remove(id);
        log.info("Batch {} {}: {} completed, {} failed", id, done.status().wireName(),
                done.requestCounts().completed(), done.requestCounts().failed());
    }

    private void writeResults(String fileId, String filename, String owner, List<BatchResult> results,
                              Predicate<BatchResult> which) {
        Path temp = null;
        try {
            temp = Files.createTempFile("osprey-batch-", ".jsonl");
            try (OutputStream out = Files.newOutputStream(temp)) {
                for (BatchResult r : results) {
                    if (which.test(r)) {
                        out.write(mapper.writeValueAsBytes(BatchJson.resultLine(r)));
                        out.write('\n');
                    }
                }
            }
            BatchFile file = new BatchFile(fileId, Files.size(temp), now(), filename, BatchFile.BATCH_OUTPUT, owner);
            try (InputStream in = Files.newInputStream(temp)) {
                store.putFile(file, in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + filename, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.warn("Cannot delete {}: {}", temp, e.toString());
                }
            }
        }
    }

    // ---- running batches ----

    /** A batch that collects results: its line numbers by custom_id. Mutated under its own monitor. */
    private static final class Running {
        volatile Batch batch;
        final Map<String, Long> lines;
        /** Ended or rolled back: no longer in {@link #running}. */
        volatile boolean gone;
        /** {@link #recover()} is queueing it again. */
        volatile boolean queueing;

        Running(Batch batch, Map<String, Long> lines) {
            this.batch = batch;
            this.lines = lines;
        }
    }

    /**
     * The running batch {@code id}, loaded from the store (lines from its input, counts from its results) on
     * first use; null if unknown or ended.
     */
    private Running active(String id) {
        Running state = running.get(id);
        if (state != null) {
            return state;
        }
        synchronized (loading) {
            state = running.get(id);
            if (state != null) {
                return state;
            }
            Batch b = store.batch(id).orElse(null);
            if (b == null || b.status().terminal()) {
                return null;
            }
            Map<String, Long> lines;
            try {
                lines = lineNumbers(validate(b.inputFileId(), b.endpoint()).lines());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the input of batch " + id, e);
            }
            long completed = 0;
            long failed = 0;
            for (BatchResult r : store.results(id)) {
                if (r.outcome().completed()) {
                    completed++;
                } else {
                    failed++;
                }
            }
            b = b.withCounts(new RequestCounts(b.requestCounts().total(), completed, failed));
            state = new Running(b, lines);
            running.put(id, state);
            return state;
        }
    }

    private InputValidator.Result validate(String fileId, String endpoint) throws IOException {
        try (InputStream in = store.openContent(fileId).orElseThrow(() -> fileNotFound(fileId, "input_file_id"))) {
            return validator.validate(in, endpoint);
        }
    }

    private static Map<String, Long> lineNumbers(List<BatchLine> lines) {
        Map<String, Long> out = new HashMap<>(lines.size() * 2);
        for (BatchLine l : lines) {
            out.put(l.customId(), l.line());
        }
        return out;
    }

    // ---- helpers ----

    private record Item<T>(String id, T value) {}

    /** Newest first: ids are time-ordered, so descending id order. */
    private static <T> Page<T> page(List<Item<T>> items, int limit, String after) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit < 1");
        }
        List<T> sorted = items.stream()
                .filter(i -> after == null || i.id().compareTo(after) < 0)
                .sorted(Comparator.comparing((Item<T> i) -> i.id()).reversed())
                .map(Item::value)
                .toList();
        return new Page<>(sorted.subList(0, Math.min(limit, sorted.size())), sorted.size() > limit);
    }

    private static void checkMetadata(Map<String, String> metadata) {
        if (metadata.size() > MAX_METADATA) {
            throw ApiException.outOfRange("metadata", "at most " + MAX_METADATA + " pairs, but got "
                    + metadata.size() + ".");
        }
        metadata.forEach((k, v) -> {
            if (k.length() > MAX_METADATA_KEY) {
                throw ApiException.outOfRange("metadata", "keys have at most " + MAX_METADATA_KEY
                        + " characters, but '" + k + "' has " + k.length() + ".");
            }
            if (v == null || v.length() > MAX_METADATA_VALUE) {
                throw ApiException.outOfRange("metadata." + k, "values are strings of at most "
                        + MAX_METADATA_VALUE + " characters.");
            }
        });
    }

    private static ApiException cannotCancel(Batch b) {
        return ApiException.invalidRequest(null, "invalid_request", "Cannot cancel a batch with status '"
                + b.status().wireName() + "'.");
    }

    private static ApiException fileNotFound(String id, String param) {
        return ApiException.notFound(param, "file_not_found", "No such File object: " + id);
    }

    private static ApiException batchNotFound(String id) {
        return ApiException.notFound("batch_id", "batch_not_found", "No batch found with id '" + id + "'.");
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
