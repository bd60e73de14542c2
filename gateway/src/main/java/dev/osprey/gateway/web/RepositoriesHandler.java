package dev.osprey.gateway.web;

import com.google.protobuf.ByteString;
import dev.osprey.api.v1.ContextGrpc;
import dev.osprey.api.v1.DeleteRepositoryRequest;
import dev.osprey.api.v1.GetRepositoryRequest;
import dev.osprey.api.v1.IndexDirectoryRequest;
import dev.osprey.api.v1.IndexFilesRequest;
import dev.osprey.api.v1.IndexHeader;
import dev.osprey.api.v1.IndexReport;
import dev.osprey.api.v1.ListRepositoriesRequest;
import dev.osprey.api.v1.RepositoryInfo;
import dev.osprey.api.v1.SearchHit;
import dev.osprey.api.v1.SearchMode;
import dev.osprey.api.v1.SearchRequest;
import dev.osprey.api.v1.SkippedFile;
import dev.osprey.api.v1.SourceFile;
import dev.osprey.gateway.openai.ApiException;
import dev.osprey.gateway.openai.JsonFields;
import dev.osprey.gateway.upstream.ReactiveCalls;
import dev.osprey.gateway.upstream.UpstreamErrors;
import dev.osprey.gateway.upstream.UpstreamService;
import dev.osprey.gateway.upstream.Upstreams;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Repositories for retrieval, indexed by the context service. {@code POST /v1/repositories} takes
 * {@code {"name", "path"}} (a directory on the server, under the context service's allowed roots) or
 * {@code {"name", "files": [{"path", "content"}], "full_sync"}} and answers 202 with the id while indexing
 * runs in the background (a path that may not be indexed is refused at once: 403 naming the allowed
 * roots); {@code GET /v1/repositories} lists the caller's; {@code GET /v1/repositories/{id}} reports
 * progress ({@code indexing}, {@code ready}, {@code failed}) and counts; {@code POST …/search} returns
 * hits; {@code DELETE} removes the index. Every repository belongs to the key that made it: ids are per
 * key, and another key's repository is 404. Admin keys may add {@code ?owner=NAME} to act on another's.
 */
@Component
public class RepositoriesHandler {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final int MAX_FILES = 20_000;
    private static final Duration INDEXING_DEADLINE = Duration.ofHours(1);

    private final JsonBodies bodies;
    private final Upstreams upstreams;
    private final RateGate gate;
    private final IndexingJobs jobs = new IndexingJobs();

    public RepositoriesHandler(JsonBodies bodies, Upstreams upstreams, RateGate gate) {
        this.bodies = bodies;
        this.upstreams = upstreams;
        this.gate = gate;
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        String owner = caller.owner(request);
        return bodies.read(request).flatMap(node -> {
            JsonFields f = JsonFields.body(node);
            String id = f.string("name").orElseGet(() -> "repo-" + UUID.randomUUID().toString().substring(0, 8));
            if (!ID.matcher(id).matches()) {
                throw ApiException.invalidRequest("name", "invalid_value", "Invalid 'name': '" + id
                        + "'. Use 1 to 128 letters, digits, '.', '_' and '-'.");
            }
            var path = f.string("path");
            boolean hasFiles = f.has("files");
            if (path.isPresent() == hasFiles) {
                throw ApiException.invalidRequest(path.isPresent() ? "files" : "path", "invalid_value",
                        "Give exactly one of 'path' (a directory on the server) and 'files' (uploaded files).");
            }
            List<SourceFile> files = hasFiles ? files(f) : List.of();
            boolean fullSync = f.bool("full_sync", false);
            RateGate.Admission admission = gate.admit(caller, 0);
            Mono<Void> checked = path.isPresent()
                    ? indexDirectory(owner, id, path.get(), true).then()
                            .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.CONTEXT))
                    : Mono.empty();
            return checked.then(Mono.defer(() -> {
                IndexingJobs.Key key = new IndexingJobs.Key(owner, id);
                if (!jobs.start(key)) {
                    throw new ApiException(409, "invalid_request_error", "name", "indexing_in_progress",
                            "Repository '" + id + "' is being indexed already; poll GET /v1/repositories/" + id + ".");
                }
                Mono<IndexReport> indexing = path.isPresent()
                        ? indexDirectory(owner, id, path.get(), false)
                        : indexFiles(owner, id, files, fullSync);
                indexing.subscribe(report -> jobs.finish(key, report),
                        error -> jobs.fail(key, UpstreamErrors.toApi(error, UpstreamService.CONTEXT).getMessage()));
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                body.put("id", id);
                body.put("object", "repository");
                body.put("status", "indexing");
                return JsonReplies.json(HttpStatus.ACCEPTED, admission, body);
            }));
        });
    }

    /** {@code GET /v1/repositories}: the caller's repositories (an admin's {@code ?all=true}: everyone's). */
    public Mono<ServerResponse> list(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        String owner = caller.owner(request);
        boolean all = request.queryParam("all").map(Boolean::parseBoolean).orElse(false);
        if (all && !caller.tenant().admin()) {
            throw new ApiException(403, "invalid_request_error", "all", "permission_denied",
                    "Only admin keys may list every key's repositories.");
        }
        RateGate.Admission admission = gate.admit(caller, 0);
        ListRepositoriesRequest list = ListRepositoriesRequest.newBuilder().setOwner(owner).setAllOwners(all).build();
        return ReactiveCalls.unary(upstreams.context(), ContextGrpc.getListRepositoriesMethod(), list,
                        ReactiveCalls.defaultDeadline())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.CONTEXT))
                .flatMap(r -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("object", "list");
                    ArrayNode data = body.putArray("data");
                    for (RepositoryInfo info : r.getRepositoriesList()) {
                        ObjectNode item = describe(info.getRepositoryId(),
                                jobs.get(new IndexingJobs.Key(info.getOwner(), info.getRepositoryId())), info);
                        if (all) {
                            item.put("owner", info.getOwner());
                        }
                        data.add(item);
                    }
                    return JsonReplies.ok(admission, body);
                });
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        String owner = caller.owner(request);
        RateGate.Admission admission = gate.admit(caller, 0);
        String id = id(request);
        var job = jobs.get(new IndexingJobs.Key(owner, id));
        Mono<ObjectNode> info = ReactiveCalls.unary(upstreams.context(), ContextGrpc.getGetRepositoryMethod(),
                        GetRepositoryRequest.newBuilder().setRepositoryId(id).setOwner(owner).build(),
                        ReactiveCalls.defaultDeadline())
                .map(r -> describe(id, job, r))
                .onErrorResume(e -> {
                    ApiException api = UpstreamErrors.toApi(e, UpstreamService.CONTEXT);
                    if (api.status() == 404 && job.isPresent()) {
                        return Mono.just(describe(id, job, null)); // indexing has not created it yet, or failed
                    }
                    return Mono.error(api.status() == 404 ? notFound(id) : api);
                });
        return info.flatMap(body -> JsonReplies.ok(admission, body));
    }

    public Mono<ServerResponse> search(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        String owner = caller.owner(request);
        String id = id(request);
        return bodies.read(request).flatMap(node -> {
            JsonFields f = JsonFields.body(node);
            String query = f.requireString("query");
            int k = f.integer("k", 1, 100).orElse(10);
            SearchMode mode = switch (f.string("mode").orElse("hybrid").toLowerCase(Locale.ROOT)) {
                case "hybrid" -> SearchMode.HYBRID;
                case "bm25" -> SearchMode.BM25;
                case "dense" -> SearchMode.DENSE;
                default -> throw ApiException.invalidRequest("mode", "invalid_value",
                        "Invalid 'mode': use 'hybrid', 'bm25' or 'dense'.");
            };
            RateGate.Admission admission = gate.admit(caller, 0);
            SearchRequest search = SearchRequest.newBuilder().setRepositoryId(id).setQuery(query).setK(k).setMode(mode)
                    .setOwner(owner).build();
            return ReactiveCalls.unary(upstreams.context(), ContextGrpc.getSearchMethod(), search, ReactiveCalls.defaultDeadline())
                    .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.CONTEXT, () -> notFound(id)))
                    .flatMap(r -> {
                        ObjectNode body = JsonNodeFactory.instance.objectNode();
                        body.put("object", "list");
                        body.put("mode", r.getModeUsed().name().toLowerCase(Locale.ROOT));
                        if (!r.getNotice().isEmpty()) {
                            body.put("notice", r.getNotice());
                        }
                        ArrayNode hits = body.putArray("data");
                        for (SearchHit h : r.getHitsList()) {
                            ObjectNode hit = hits.addObject();
                            hit.put("path", h.getPath());
                            hit.put("start_line", h.getStartLine());
                            hit.put("end_line", h.getEndLine());
                            hit.put("symbol", h.getSymbol());
                            hit.put("language", h.getLanguage());
                            hit.put("score", h.getScore());
                            hit.put("text", h.getText());
                        }
                        return JsonReplies.ok(admission, body);
                    });
        });
    }

    public Mono<ServerResponse> delete(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        String owner = caller.owner(request);
        RateGate.Admission admission = gate.admit(caller, 0);
        String id = id(request);
        return ReactiveCalls.unary(upstreams.context(), ContextGrpc.getDeleteRepositoryMethod(),
                        DeleteRepositoryRequest.newBuilder().setRepositoryId(id).setOwner(owner).build(),
                        ReactiveCalls.defaultDeadline())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.CONTEXT, () -> notFound(id)))
                .flatMap(r -> {
                    if (!r.getDeleted()) {
                        return Mono.error(notFound(id));
                    }
                    jobs.forget(new IndexingJobs.Key(owner, id));
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("id", id);
                    body.put("object", "repository.deleted");
                    body.put("deleted", true);
                    return JsonReplies.ok(admission, body);
                });
    }

    private static String id(ServerRequest request) {
        String id = request.pathVariable("id");
        if (!ID.matcher(id).matches()) {
            throw notFound(id);
        }
        return id;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("id", "repository_not_found", "No repository '" + id + "'.");
    }


    private static List<SourceFile> files(JsonFields f) {
        List<JsonNode> items = f.array("files");
        if (items.size() > MAX_FILES) {
            throw ApiException.outOfRange("files", "at most " + MAX_FILES + " files per request, but got "
                    + items.size() + ".");
        }
        List<SourceFile> files = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonFields file = JsonFields.object(items.get(i), "files[" + i + "]");
            SourceFile.Builder b = SourceFile.newBuilder().setPath(file.requireString("path"));
            if (file.bool("deleted", false)) {
                b.setDeleted(true);
            } else {
                b.setContent(ByteString.copyFrom(file.requireString("content"), StandardCharsets.UTF_8));
            }
            files.add(b.build());
        }
        return files;
    }

    /** {@code validateOnly}: the context service's checks alone (allowed roots, a readable directory). */
    private Mono<IndexReport> indexDirectory(String owner, String id, String path, boolean validateOnly) {
        IndexDirectoryRequest request = IndexDirectoryRequest.newBuilder().setRepositoryId(id).setPath(path)
                .setOwner(owner).setValidateOnly(validateOnly).build();
        return ReactiveCalls.unary(upstreams.context(), ContextGrpc.getIndexDirectoryMethod(), request,
                validateOnly ? ReactiveCalls.defaultDeadline() : ReactiveCalls.deadline(INDEXING_DEADLINE));
    }

    private Mono<IndexReport> indexFiles(String owner, String id, List<SourceFile> files, boolean fullSync) {
        return Mono.create(sink -> {
            StreamObserver<IndexFilesRequest> out = ClientCalls.asyncClientStreamingCall(
                    upstreams.context().newCall(ContextGrpc.getIndexFilesMethod(),
                            ReactiveCalls.deadline(INDEXING_DEADLINE)),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(IndexReport report) {
                            sink.success(report);
                        }

                        @Override
                        public void onError(Throwable t) {
                            sink.error(t);
                        }

                        @Override
                        public void onCompleted() {
                            sink.success();
                        }
                    });
            out.onNext(IndexFilesRequest.newBuilder()
                    .setHeader(IndexHeader.newBuilder().setRepositoryId(id).setFullSync(fullSync).setOwner(owner)).build());
            files.forEach(file -> out.onNext(IndexFilesRequest.newBuilder().setFile(file).build()));
            out.onCompleted();
        });
    }

    private static ObjectNode describe(String id, java.util.Optional<IndexingJobs.Job> job, RepositoryInfo info) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", id);
        body.put("object", "repository");
        String status = job.map(j -> j.status().name().toLowerCase(Locale.ROOT)).orElse("ready");
        body.put("status", status);
        if (info != null) {
            body.put("files", info.getFiles());
            body.put("chunks", info.getChunks());
        }
        job.ifPresent(j -> {
            body.put("started_at", j.startedAt().getEpochSecond());
            j.error().ifPresent(e -> body.put("error", e));
            j.report().ifPresent(r -> {
                ObjectNode last = body.putObject("last_indexing");
                last.put("files_indexed", r.getFilesIndexed());
                last.put("files_unchanged", r.getFilesUnchanged());
                last.put("files_deleted", r.getFilesDeleted());
                last.put("duration_ms", r.getDurationMs());
                ArrayNode skipped = last.putArray("skipped");
                for (SkippedFile s : r.getSkippedList()) {
                    skipped.addObject().put("path", s.getPath()).put("reason", s.getReason());
                }
            });
        });
        return body;
    }

}
