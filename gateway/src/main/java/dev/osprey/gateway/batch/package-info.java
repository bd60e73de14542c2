/**
 * The OpenAI Batch API's core, plain Java: uploaded files, batches and their results in a
 * {@link dev.osprey.gateway.batch.BatchStore}, every input line validated up front
 * ({@link dev.osprey.gateway.batch.InputValidator}), planned requests handed to a
 * {@link dev.osprey.gateway.batch.BatchQueue} (Kafka in production), and results collected by
 * {@link dev.osprey.gateway.batch.BatchService#onResult} into OpenAI's output and error files.
 * The REST adapters are {@code web.FilesHandler} and {@code web.BatchesHandler}.
 */
package dev.osprey.gateway.batch;
