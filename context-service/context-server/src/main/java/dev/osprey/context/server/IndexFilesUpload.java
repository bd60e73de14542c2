package dev.osprey.context.server;

import dev.osprey.api.v1.IndexFilesRequest;
import dev.osprey.api.v1.IndexHeader;
import dev.osprey.api.v1.IndexReport;
import dev.osprey.api.v1.SkippedFile;
import dev.osprey.api.v1.SourceFile;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * One IndexFiles stream: the header first, then files and deletions, checked as they arrive (paths,
 * the file count and the total size fail the stream; a file over the size limit is skipped and
 * reported), handed to the {@link RepositoryService} when the client completes. After the first
 * failure the rest of the stream is ignored.
 */
final class IndexFilesUpload implements StreamObserver<IndexFilesRequest> {
    private final RepositoryService repositories;
    private final RequestLimits limits;
    private final StreamObserver<IndexReport> responses;

    private IndexHeader header;
    private final List<RepositoryService.Upload> files = new ArrayList<>();
    private final List<SkippedFile> skipped = new ArrayList<>();
    private long bytes;
    private int received;
    private boolean failed;

    IndexFilesUpload(RepositoryService repositories, RequestLimits limits, StreamObserver<IndexReport> responses) {
        this.repositories = repositories;
        this.limits = limits;
        this.responses = responses;
    }

    @Override
    public void onNext(IndexFilesRequest request) {
        if (failed) {
            return;
        }
        try {
            accept(request);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void accept(IndexFilesRequest request) {
        switch (request.getItemCase()) {
            case HEADER -> {
                if (header != null) {
                    throw new IllegalArgumentException("header: sent twice; only the first message is the header");
                }
                Requests.repository("header.repository_id", request.getHeader().getRepositoryId(), "header.owner",
                        request.getHeader().getOwner());
                header = request.getHeader();
            }
            case FILE -> {
                if (header == null) {
                    throw new IllegalArgumentException("header: the first message must be the header, not a file");
                }
                SourceFile file = request.getFile();
                String path = Requests.relativePath("file.path", file.getPath());
                if (++received > limits.maxFiles()) {
                    throw new UploadTooLargeException("more than " + limits.maxFiles() + " files in one IndexFiles"
                            + " stream (osprey.context.limits.max-files-per-request); send them in several streams");
                }
                if (file.getDeleted()) {
                    files.add(new RepositoryService.Upload(path, new byte[0], true));
                    return;
                }
                long size = file.getContent().size();
                if (size > limits.maxFileBytes()) {
                    skipped.add(SkippedFile.newBuilder().setPath(path).setReason("larger than " + limits.maxFileBytes()
                            + " bytes (" + size + " bytes)").build());
                    return;
                }
                bytes += size;
                if (bytes > limits.maxRequestBytes()) {
                    throw new UploadTooLargeException("more than " + limits.maxRequestBytes() + " bytes of files in one"
                            + " IndexFiles stream (osprey.context.limits.max-request-size); send them in several streams");
                }
                files.add(new RepositoryService.Upload(path, file.getContent().toByteArray(), false));
            }
            case ITEM_NOT_SET -> throw new IllegalArgumentException("item: each message must hold a header or a file");
        }
    }

    @Override
    public void onError(Throwable t) {
        failed = true;
        files.clear();
    }

    @Override
    public void onCompleted() {
        if (failed) {
            return;
        }
        if (header == null) {
            fail(new IllegalArgumentException("header: the stream held no header (repository_id)"));
            return;
        }
        GrpcErrors.unary(responses, () -> repositories.indexFiles(
                new RepositoryKey(header.getOwner(), header.getRepositoryId()), header.getFullSync(),
                List.copyOf(files), List.copyOf(skipped)));
    }

    private void fail(RuntimeException e) {
        failed = true;
        files.clear();
        responses.onError(GrpcErrors.status(e).asRuntimeException());
    }
}
