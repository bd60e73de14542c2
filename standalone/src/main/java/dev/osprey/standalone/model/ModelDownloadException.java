package dev.osprey.standalone.model;

import java.io.Serial;

/** A model could not be downloaded; the message says why and what the user can do about it. */
public final class ModelDownloadException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Why the download failed; decides whether the default model may fall back to the bundled one. */
    public enum Reason {
        /** DNS failure, connection refused, connect timeout, no route: no byte was exchanged. */
        UNREACHABLE,
        /** The connection broke while the file was streaming; the {@code .part} file is kept for a resume. */
        INTERRUPTED,
        /** HTTP 401 or 403: a gated or private repository without (a good) HF_TOKEN. */
        UNAUTHORIZED,
        /** HTTP 404: no such repository, revision or file. */
        NOT_FOUND,
        /** Any other unexpected HTTP status. */
        HTTP_ERROR,
        /** The bytes received do not have the SHA-256 or size the server published. */
        CHECKSUM_MISMATCH,
        /** Writing the cache failed locally, e.g. the disk is full. */
        LOCAL_IO
    }

    private final Reason reason;

    public ModelDownloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ModelDownloadException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** True when the network, not the request, is at fault: the host was unreachable or the transfer broke. */
    public boolean networkUnavailable() {
        return reason == Reason.UNREACHABLE || reason == Reason.INTERRUPTED;
    }
}
