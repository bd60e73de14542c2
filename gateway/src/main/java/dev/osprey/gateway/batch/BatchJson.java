package dev.osprey.gateway.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of the Batch API: OpenAI's batch and file objects and output/error file lines, and the
 * stored forms the store reads back (OpenAI's object plus what recovery needs).
 */
public final class BatchJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BatchJson() {}

    /** OpenAI's batch object. */
    public static ObjectNode batch(Batch b) {
        ObjectNode n = NODES.objectNode();
        n.put("id", b.id());
        n.put("object", "batch");
        n.put("endpoint", b.endpoint());
        if (b.errors().isEmpty()) {
            n.putNull("errors");
        } else {
            ObjectNode errors = n.putObject("errors");
            errors.put("object", "list");
            var data = errors.putArray("data");
            for (LineError e : b.errors()) {
                ObjectNode item = data.addObject();
                item.put("code", e.code());
                item.put("message", e.message());
                putNullable(item, "param", e.param());
                putNullable(item, "line", e.line());
            }
        }
        n.put("input_file_id", b.inputFileId());
        n.put("completion_window", b.completionWindow());
        n.put("status", b.status().wireName());
        putNullable(n, "output_file_id", b.outputFileId());
        putNullable(n, "error_file_id", b.errorFileId());
        n.put("created_at", b.createdAt());
        putNullable(n, "in_progress_at", b.inProgressAt());
        putNullable(n, "expires_at", b.expiresAt());
        putNullable(n, "finalizing_at", b.finalizingAt());
        putNullable(n, "completed_at", b.completedAt());
        putNullable(n, "failed_at", b.failedAt());
        putNullable(n, "expired_at", b.expiredAt());
        putNullable(n, "cancelling_at", b.cancellingAt());
        putNullable(n, "cancelled_at", b.cancelledAt());
        ObjectNode counts = n.putObject("request_counts");
        counts.put("total", b.requestCounts().total());
        counts.put("completed", b.requestCounts().completed());
        counts.put("failed", b.requestCounts().failed());
        ObjectNode metadata = n.putObject("metadata");
        b.metadata().forEach(metadata::put);
        return n;
    }

    /** OpenAI's file object. */
    public static ObjectNode file(BatchFile f) {
        ObjectNode n = NODES.objectNode();
        n.put("id", f.id());
        n.put("object", "file");
        n.put("bytes", f.bytes());
        n.put("created_at", f.createdAt());
        n.put("filename", f.filename());
        n.put("purpose", f.purpose());
        return n;
    }

    /**
     * A line of the output file ({@code response} set, {@code error} null) or of the error file (a
     * {@link BatchOutcome.Failed} as {@code error}; a non-2xx answer keeps its {@code response}).
     */
    public static ObjectNode resultLine(BatchResult r) {
        ObjectNode n = NODES.objectNode();
        n.put("id", r.id());
        n.put("custom_id", r.customId());
        switch (r.outcome()) {
            case BatchOutcome.Succeeded s -> {
                ObjectNode response = n.putObject("response");
                response.put("status_code", s.statusCode());
                response.put("request_id", r.requestId());
                response.set("body", s.body());
                n.putNull("error");
            }
            case BatchOutcome.Failed f -> {
                n.putNull("response");
                n.putObject("error").put("code", f.code()).put("message", f.message());
            }
        }
        return n;
    }

    // ---- stored forms ----

    static ObjectNode storedBatch(Batch b) {
        ObjectNode n = batch(b);
        n.put("enqueued", b.enqueued());
        n.put("owner", b.owner());
        return n;
    }

    static ObjectNode storedFile(BatchFile f) {
        ObjectNode n = file(f);
        n.put("owner", f.owner());
        return n;
    }

    static Batch readBatch(JsonNode n) {
        List<LineError> errors = new ArrayList<>();
        JsonNode data = n.path("errors").path("data");
        for (JsonNode e : data) {
            errors.add(new LineError(e.get("code").stringValue(), e.get("message").stringValue(),
                    nullableString(e, "param"), nullableLong(e, "line")));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        n.path("metadata").properties().forEach(p -> metadata.put(p.getKey(), p.getValue().stringValue()));
        JsonNode counts = n.get("request_counts");
        return new Batch(n.get("id").stringValue(), n.get("endpoint").stringValue(), errors,
                n.get("input_file_id").stringValue(), n.get("completion_window").stringValue(),
                BatchStatus.fromWire(n.get("status").stringValue()), nullableString(n, "output_file_id"),
                nullableString(n, "error_file_id"), n.get("created_at").longValue(), nullableLong(n, "in_progress_at"),
                nullableLong(n, "expires_at"), nullableLong(n, "finalizing_at"), nullableLong(n, "completed_at"),
                nullableLong(n, "failed_at"), nullableLong(n, "expired_at"), nullableLong(n, "cancelling_at"),
                nullableLong(n, "cancelled_at"),
                new RequestCounts(counts.get("total").longValue(), counts.get("completed").longValue(),
                        counts.get("failed").longValue()),
                metadata, n.path("enqueued").booleanValue(), owner(n));
    }

    static BatchFile readFile(JsonNode n) {
        return new BatchFile(n.get("id").stringValue(), n.get("bytes").longValue(), n.get("created_at").longValue(),
                n.get("filename").stringValue(), n.get("purpose").stringValue(), owner(n));
    }

    /** Stored before owners were recorded: the keyless owner's. */
    private static String owner(JsonNode n) {
        JsonNode owner = n.get("owner");
        return owner == null || owner.isNull() ? "" : owner.stringValue();
    }

    /** A result as the store keeps it: the output line plus the input line number. */
    static ObjectNode storedResult(BatchResult r) {
        ObjectNode n = resultLine(r);
        n.put("line", r.line());
        return n;
    }

    static BatchResult readResult(JsonNode n) {
        JsonNode response = n.get("response");
        BatchOutcome outcome;
        String requestId;
        if (response != null && !response.isNull()) {
            outcome = new BatchOutcome.Succeeded(response.get("status_code").intValue(), response.get("body"));
            requestId = response.get("request_id").stringValue();
        } else {
            JsonNode error = n.get("error");
            outcome = new BatchOutcome.Failed(error.get("code").stringValue(), error.get("message").stringValue());
            requestId = "";
        }
        return new BatchResult(n.get("id").stringValue(), n.get("custom_id").stringValue(), n.get("line").longValue(),
                requestId, outcome);
    }

    private static void putNullable(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private static void putNullable(ObjectNode n, String field, Long value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value.longValue());
        }
    }

    private static String nullableString(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.stringValue();
    }

    private static Long nullableLong(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.longValue();
    }
}
