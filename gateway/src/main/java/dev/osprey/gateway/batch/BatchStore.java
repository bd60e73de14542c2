package dev.osprey.gateway.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * Where files, batches and results live: a local directory in the embedded default
 * ({@link LocalBatchStore}); an S3-compatible object store fits the same contract for scale-out.
 * Everything a method has returned from survives a crash of the process (and, where the medium allows,
 * of the machine). Thread-safe. I/O failures are {@link UncheckedIOException}s.
 */
public interface BatchStore {

    /**
     * Stores a file's content, then its metadata: a file is listed only once its content is complete.
     * Replaces a file of the same id (a finalization that is redone).
     *
     * @param content read to its end; {@code file.bytes()} must match what it yields
     */
    void putFile(BatchFile file, InputStream content);

    Optional<BatchFile> file(String id);

    /** The content of a stored file; the caller closes the stream. Empty for an unknown id. */
    Optional<InputStream> openContent(String id) throws IOException;

    /** Every stored file, in no particular order. */
    List<BatchFile> files();

    /** Removes the file; false if there was none. */
    boolean deleteFile(String id);

    /** Creates or replaces a batch's metadata, atomically. */
    void putBatch(Batch batch);

    Optional<Batch> batch(String id);

    /** Every stored batch, in no particular order. */
    List<Batch> batches();

    /** Removes a batch's metadata and results (a submission rolled back); false if there was none. */
    boolean deleteBatch(String id);

    /**
     * Records a result durably; at most one per {@code (batchId, customId)}: returns false, and keeps the
     * first, when the custom_id already has one.
     */
    boolean appendResult(String batchId, BatchResult result);

    /** The batch's recorded results, in the order they were recorded. */
    List<BatchResult> results(String batchId);
}
