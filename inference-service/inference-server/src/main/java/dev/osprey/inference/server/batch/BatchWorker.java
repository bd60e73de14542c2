package dev.osprey.inference.server.batch;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.osprey.api.v1.BatchRequestRecord;
import dev.osprey.engine.sampling.InvalidSamplingParametersException;
import dev.osprey.engine.serve.EngineOverloadedException;
import dev.osprey.engine.serve.GenerationOutcome;
import dev.osprey.engine.serve.GenerationRequest;
import dev.osprey.engine.serve.InvalidRequestException;
import dev.osprey.engine.serve.Priority;
import dev.osprey.inference.server.RequestMapping;
import dev.osprey.inference.server.ServedModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Batch API's requests from Kafka on the served model's engine, at {@link Priority#BATCH}
 * whatever a record says, so they fill the capacity interactive requests leave.
 *
 * <p>One thread owns the three clients. Each loop it takes the engine's completions and the producer's
 * acknowledgements from a queue, applies new cancellations, admits fetched records, commits, and polls.
 * <ul>
 *   <li><b>Back-pressure.</b> At most {@code slots} requests are in the engine. While the fetched but not
 *       admitted records and the running ones fill the slots, or the engine asked to retry later
 *       ({@link EngineOverloadedException}), every assigned partition is paused and {@code poll} goes on
 *       (returning nothing), so the consumer stays in its group.</li>
 *   <li><b>Offsets.</b> A record's offset is done once its result's produce is acknowledged (or it was
 *       skipped as unreadable); the commit per partition is its lowest offset not done ({@link OffsetTracker}).
 *       On revocation what is done is committed; requests of a revoked partition still running produce
 *       their result later (a duplicate if the new owner runs them again; the collector keeps one per
 *       custom_id).</li>
 *   <li><b>Cancellation.</b> {@link CancelledBatches} reads the control topic. Records of a cancelled batch
 *       get a {@code batch_cancelled} result without running; when a batch becomes cancelled, its requests
 *       in the engine (ids {@code <batch_id>/...}) are cancelled and get the same result.</li>
 * </ul>
 *
 * <p>{@link #close} stops fetching, waits up to {@code shutdown-timeout} for the running requests' results,
 * commits and closes the clients; {@link #closeNow} abandons everything uncommitted, as a crash would.
 */
public final class BatchWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchWorker.class);
    private static final Duration CONTROL_CATCH_UP = Duration.ofSeconds(10);
    private static final Duration CLIENT_CLOSE = Duration.ofSeconds(5);
    private static final Duration ENGINE_CLOSED_RETRY = Duration.ofSeconds(1);

    private final BatchWorkerProperties properties;
    private final ServedModel served;
    private final String worker;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final CancelledBatches cancelled;
    private final BatchMetrics metrics;
    private final Thread thread;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger slotsUsed = new AtomicInteger();
    private final Object closeLock = new Object();

    // Worker thread only.
    private final OffsetTracker offsets = new OffsetTracker();
    private final Deque<Fetched> backlog = new ArrayDeque<>();
    private final Map<String, BatchTask> running = new HashMap<>();
    private int awaitingAck;
    private long retryAtNanos = System.nanoTime();
    private @Nullable Metric lagMetric;

    private volatile double lag = Double.NaN;
    private volatile boolean stopping;
    private volatile boolean crash;
    private boolean closed; // guarded by closeLock

    /** What other threads hand to the worker thread. */
    private sealed interface Event {
    }

    /** The engine ended {@code task}. */
    private record Finished(BatchTask task, GenerationOutcome outcome) implements Event {
    }

    /** The producer answered for {@code result}: acknowledged when {@code error} is null. */
    private record Acked(BatchResult result, RecordRef ref, @Nullable Exception error) implements Event {
    }

    /** A fetched record not admitted yet. */
    private record Fetched(ConsumerRecord<String, byte[]> record, RecordRef ref) {
    }

    private BatchWorker(BatchWorkerProperties properties, ServedModel served, MeterRegistry registry, String worker,
                        String bootstrap) {
        this.properties = properties;
        this.served = served;
        this.worker = worker;
        this.consumer = BatchClients.requestConsumer(properties, bootstrap);
        try {
            this.producer = BatchClients.resultProducer(properties, bootstrap);
            this.cancelled = new CancelledBatches(BatchClients.controlConsumer(properties, bootstrap),
                    properties.controlTopic());
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
        this.metrics = new BatchMetrics(registry, served.name(), slotsUsed::get, properties.slots(), () -> lag);
        this.thread = Thread.ofPlatform().name("osprey-batch-worker").daemon().unstarted(this::run);
    }

    /**
     * Creates the clients and starts the worker thread.
     *
     * @param properties its settings; {@code bootstrapServers} must be set
     * @param worker     this worker's name in results (for diagnostics)
     * @throws IllegalArgumentException if no bootstrap servers are set
     */
    public static BatchWorker start(BatchWorkerProperties properties, ServedModel served, MeterRegistry registry,
                                    String worker) {
        Objects.requireNonNull(served, "served");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(worker, "worker");
        String bootstrap = properties.bootstrapServers();
        if (bootstrap == null) {
            throw new IllegalArgumentException("the batch worker needs osprey.inference.batch.bootstrap-servers");
        }
        BatchWorker w = new BatchWorker(properties, served, registry, worker, bootstrap);
        w.thread.start();
        log.info("batch worker {}: group {}, {} slots, requests from {}, results to {}, cancellations from {} at {}",
                worker, properties.groupId(), properties.slots(), properties.requestsTopic(), properties.resultsTopic(),
                properties.controlTopic(), bootstrap);
        return w;
    }

    /** Batch requests in the engine now (the {@code osprey.batch.slots.used} gauge). */
    public int slotsUsed() {
        return slotsUsed.get();
    }

    /**
     * Stops fetching, lets the running requests finish and their results be acknowledged for at most
     * {@code shutdown-timeout} (then cancels the rest, leaving them to redelivery), commits what is done
     * and closes the clients. Idempotent; returns once the worker thread ended.
     */
    @Override
    public void close() {
        stop(false);
    }

    /**
     * Stops at once as a crash would: no waiting, no commit; running requests are cancelled in the engine
     * and unsent results dropped, so their records are delivered again to the group.
     */
    public void closeNow() {
        stop(true);
    }

    private void stop(boolean now) {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        crash = now;
        stopping = true;
        if (now) {
            consumer.wakeup();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            cancelled.catchUp(CONTROL_CATCH_UP);
            consumer.subscribe(List.of(properties.requestsTopic()), new Rebalance());
            while (!stopping) {
                loop();
            }
        } catch (WakeupException | InterruptException e) {
            if (!stopping) {
                log.error("batch worker {} was interrupted; it stops consuming", worker, e);
            }
        } catch (RuntimeException | Error e) {
            log.error("batch worker {} failed; it stops consuming", worker, e);
        } finally {
            shutDown();
        }
    }

    /** One pass: events, cancellations, admissions, commit, poll. */
    private void loop() {
        drainEvents();
        for (String batch : cancelled.poll()) {
            cancelRunning(batch);
        }
        admitBacklog();
        commit();
        long retryIn = retryAtNanos - System.nanoTime();
        boolean full = running.size() + backlog.size() >= properties.slots() || retryIn > 0;
        ConsumerRecords<String, byte[]> records;
        if (full) {
            consumer.pause(consumer.assignment());
            long waitNanos = retryIn > 0 ? Math.min(retryIn, properties.pollTimeout().toNanos())
                    : properties.pollTimeout().toNanos();
            awaitEvent(waitNanos);
            records = consumer.poll(Duration.ZERO);
        } else {
            if (!consumer.paused().isEmpty()) {
                consumer.resume(consumer.paused());
            }
            records = consumer.poll(properties.pollTimeout());
        }
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            backlog.add(new Fetched(r, new RecordRef(tp, r.offset(), offsets.track(tp, r.offset()))));
        }
        lag = readLag();
    }

    private void awaitEvent(long nanos) {
        try {
            Event e = events.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            if (e != null) {
                handle(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private void drainEvents() {
        Event e;
        while ((e = events.poll()) != null) {
            handle(e);
        }
    }

    private void handle(Event event) {
        switch (event) {
            case Finished f -> finished(f.task(), f.outcome());
            case Acked a -> acked(a);
        }
    }

    /** Admits fetched records in order until one has to wait (no slot, engine overloaded, same id still running). */
    private void admitBacklog() {
        if (System.nanoTime() - retryAtNanos < 0) {
            return;
        }
        while (!backlog.isEmpty() && !stopping) {
            if (!admit(backlog.peekFirst())) {
                return;
            }
            backlog.pollFirst();
        }
    }

    /** Runs, answers or skips one record; false when it has to wait and stays first in the backlog. */
    private boolean admit(Fetched fetched) {
        ConsumerRecord<String, byte[]> r = fetched.record();
        RecordRef ref = fetched.ref();
        BatchRequestRecord request;
        try {
            request = BatchRequestRecord.parseFrom(r.value() == null ? new byte[0] : r.value());
        } catch (InvalidProtocolBufferException e) {
            skip(ref, "is not a BatchRequestRecord (" + e.getMessage() + ")", r.key());
            return true;
        }
        String batch = request.getBatchId().isEmpty() ? (r.key() == null ? "" : r.key()) : request.getBatchId();
        if (batch.isEmpty() || request.getCustomId().isEmpty()) {
            skip(ref, "names no " + (batch.isEmpty() ? "batch_id" : "custom_id"), r.key());
            return true;
        }
        if (!batch.equals(request.getBatchId())) {
            request = request.toBuilder().setBatchId(batch).build();
        }
        if (cancelled.isCancelled(batch)) {
            send(BatchResult.error(request, worker, BatchResult.BATCH_CANCELLED,
                    "batch " + batch + " was cancelled before this request ran"), ref);
            return true;
        }
        if (!request.hasGenerate()) {
            send(BatchResult.error(request, worker, BatchResult.INVALID_REQUEST, "the record carries no generate request"),
                    ref);
            return true;
        }
        String model = request.getGenerate().getModel();
        if (!model.isEmpty() && !model.equals(served.name())) {
            send(BatchResult.error(request, worker, BatchResult.INVALID_REQUEST, "model '" + model
                    + "' is not served by this worker; it serves '" + served.name() + "'"), ref);
            return true;
        }
        String id = batch + "/" + request.getCustomId();
        // A copy fetched again (after a rebalance) waits until the first run of its id has ended.
        if (running.size() >= properties.slots() || running.containsKey(id) || served.engine().isLive(id)) {
            return false;
        }
        GenerationRequest generation;
        try {
            generation = RequestMapping.generation(request.getGenerate(), served, id, Priority.BATCH, null);
        } catch (RequestMapping.InvalidArgumentException | InvalidSamplingParametersException e) {
            send(BatchResult.error(request, worker, BatchResult.INVALID_REQUEST, e.getMessage()), ref);
            return true;
        }
        BatchTask task = new BatchTask(request, id, ref, (t, outcome) -> events.add(new Finished(t, outcome)));
        try {
            task.started(served.engine().submit(generation, task));
        } catch (InvalidRequestException e) {
            send(BatchResult.error(request, worker, BatchResult.INVALID_REQUEST, e.getMessage()), ref);
            return true;
        } catch (EngineOverloadedException e) {
            log.debug("engine overloaded; batch request {} retries in {}", id, e.retryAfter());
            retryAtNanos = System.nanoTime() + e.retryAfter().toNanos();
            return false;
        } catch (IllegalStateException e) {
            log.warn("batch request {} cannot be submitted: {}; retrying in {}", id, e.getMessage(), ENGINE_CLOSED_RETRY);
            retryAtNanos = System.nanoTime() + ENGINE_CLOSED_RETRY.toNanos();
            return false;
        }
        running.put(id, task);
        slotsUsed.set(running.size());
        return true;
    }

    private void skip(RecordRef ref, String why, @Nullable String key) {
        log.warn("request record {} (key {}) {}; skipped without a result", ref, key, why);
        metrics.finished(BatchOutcome.FAILED);
        ref.done();
    }

    private void finished(BatchTask task, GenerationOutcome outcome) {
        running.remove(task.engineId(), task);
        slotsUsed.set(running.size());
        if (task.abandoned()) {
            return;
        }
        BatchRequestRecord request = task.request();
        BatchResult result = switch (outcome.reason()) {
            case STOP, LENGTH -> BatchResult.generation(request, worker, task.text(), outcome);
            case CANCELLED -> {
                if (task.cancelledForBatch()) {
                    yield BatchResult.error(request, worker, BatchResult.BATCH_CANCELLED, "batch " + request.getBatchId()
                            + " was cancelled while this request ran (" + outcome.completionTokens() + " tokens generated)");
                }
                // The engine shut down under it: no result, the record is left to redelivery.
                yield served.closing() ? null : BatchResult.generation(request, worker, task.text(), outcome);
            }
            case DEADLINE -> BatchResult.error(request, worker, BatchResult.INTERNAL_ERROR,
                    "the engine ended the request at a deadline it was not given");
            case ERROR -> BatchResult.error(request, worker, BatchResult.INTERNAL_ERROR, outcome.message());
        };
        if (result == null) {
            log.info("batch request {} was cut by the engine's shutdown; left to redelivery", task.engineId());
            return;
        }
        send(result, task.ref());
    }

    private void cancelRunning(String batch) {
        String prefix = batch + "/";
        int n = 0;
        for (BatchTask task : running.values()) {
            if (task.engineId().startsWith(prefix) && !task.cancelledForBatch()) {
                task.cancelForBatch();
                n++;
            }
        }
        if (n > 0) {
            log.info("batch {} cancelled: stopping its {} running requests", batch, n);
        }
    }

    /** Produces {@code result}; the acknowledgement (or failure) comes back as an {@link Acked} event. */
    private void send(BatchResult result, RecordRef ref) {
        awaitingAck++;
        try {
            producer.send(new ProducerRecord<>(properties.resultsTopic(), result.batchId(), result.record().toByteArray()),
                    (metadata, error) -> events.add(new Acked(result, ref, error)));
        } catch (KafkaException e) {
            events.add(new Acked(result, ref, e));
        }
    }

    private void acked(Acked a) {
        awaitingAck--;
        if (a.error() == null) {
            a.ref().done();
            metrics.finished(a.result().outcome());
            return;
        }
        if (crash) {
            return;
        }
        log.warn("result of {}/{} ({}) was not acknowledged; producing it again: {}", a.result().batchId(),
                a.result().record().getCustomId(), a.ref(), a.error().toString());
        send(a.result(), a.ref());
    }

    /** Commits every partition whose position moved; a failed commit is retried at the next loop. */
    private void commit() {
        commit(offsets.committable());
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> positions) {
        if (positions.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(positions);
            offsets.committed(positions);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            log.warn("commit of {} failed; retrying later: {}", positions, e.toString());
        }
    }

    private double readLag() {
        if (lagMetric == null) {
            for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
                MetricName n = e.getKey();
                if (n.name().equals("records-lag-max") && n.group().equals("consumer-fetch-manager-metrics")
                        && !n.tags().containsKey("topic")) {
                    lagMetric = e.getValue();
                    break;
                }
            }
        }
        Object value = lagMetric == null ? null : lagMetric.metricValue();
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private void shutDown() {
        try {
            if (crash) {
                running.values().forEach(BatchTask::abandon);
                closeClients(Duration.ZERO);
                log.warn("batch worker {} stopped at once: {} running requests abandoned, {} results unacknowledged",
                        worker, running.size(), awaitingAck);
                return;
            }
            drain();
            closeClients(CLIENT_CLOSE);
            log.info("batch worker {} stopped", worker);
        } finally {
            running.clear();
            slotsUsed.set(0);
            metrics.close();
        }
    }

    /** Waits (bounded) for running requests and unacknowledged results, then commits what is done. */
    private void drain() {
        long deadline = System.nanoTime() + properties.shutdownTimeout().toNanos();
        try {
            while ((!running.isEmpty() || awaitingAck > 0) && System.nanoTime() - deadline < 0) {
                awaitEvent(deadline - System.nanoTime());
                drainEvents();
            }
            if (!running.isEmpty()) {
                log.warn("batch worker {}: {} requests still running after {}; cancelled and left to redelivery",
                        worker, running.size(), properties.shutdownTimeout());
                running.values().forEach(BatchTask::abandon);
            }
            commit();
        } catch (RuntimeException e) {
            log.warn("batch worker {}: final commit failed; the group re-delivers past the last commit: {}", worker,
                    e.toString());
        }
    }

    private void closeClients(Duration timeout) {
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            log.warn("closing the result producer failed", e);
        }
        try {
            consumer.close(CloseOptions.timeout(timeout));
        } catch (RuntimeException e) {
            log.warn("closing the request consumer failed", e);
        }
        try {
            cancelled.close(timeout);
        } catch (RuntimeException e) {
            log.warn("closing the control consumer failed", e);
        }
    }

    /** Commits what is done in revoked partitions and forgets them; their fetched records go back to the group. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            metrics.revoked(partitions.size());
            if (!crash) {
                commit(offsets.committable(partitions));
            }
            drop(partitions);
            log.info("batch worker {}: partitions {} revoked", worker, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            metrics.revoked(partitions.size());
            drop(partitions);
            log.warn("batch worker {}: partitions {} lost", worker, partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                log.info("batch worker {}: partitions {} assigned", worker, partitions);
            }
        }

        private void drop(Collection<TopicPartition> partitions) {
            offsets.forget(partitions);
            backlog.removeIf(f -> partitions.contains(f.ref().partition()));
        }
    }
}
