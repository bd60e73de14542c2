package dev.osprey.gateway.web;

import dev.osprey.api.v1.IndexReport;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Indexing runs the gateway started, by repository id, so that {@code GET /v1/repositories/{id}}
 * can say whether one is still running, how it ended and what it reported. In memory: after a
 * restart a repository's state comes from the context service alone.
 */
final class IndexingJobs {

    enum Status { INDEXING, READY, FAILED }

    record Job(Status status, Instant startedAt, Optional<IndexReport> report, Optional<String> error) {}

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** Starts a job unless one is running for {@code id}; false when one is. */
    boolean start(String id) {
        Job started = new Job(Status.INDEXING, Instant.now(), Optional.empty(), Optional.empty());
        Job previous = jobs.compute(id, (k, current) -> current != null && current.status() == Status.INDEXING
                ? current : started);
        return previous == started;
    }

    void finish(String id, IndexReport report) {
        jobs.computeIfPresent(id, (k, job) -> new Job(Status.READY, job.startedAt(), Optional.of(report), Optional.empty()));
    }

    void fail(String id, String error) {
        jobs.computeIfPresent(id, (k, job) -> new Job(Status.FAILED, job.startedAt(), Optional.empty(), Optional.of(error)));
    }

    Optional<Job> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    void forget(String id) {
        jobs.remove(id);
    }
}
