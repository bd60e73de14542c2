package dev.osprey.gateway.web;

import dev.osprey.gateway.batch.BatchFile;
import dev.osprey.gateway.batch.BatchJson;
import dev.osprey.gateway.batch.BatchService;
import dev.osprey.gateway.batch.Page;
import dev.osprey.gateway.openai.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAI's Files API for batches: {@code POST /v1/files} (multipart: {@code purpose=batch} and
 * {@code file}; 413 above the size limit), {@code GET /v1/files} ({@code purpose}, {@code limit},
 * {@code after}), {@code GET /v1/files/{id}}, {@code GET /v1/files/{id}/content} (the raw bytes) and
 * {@code DELETE /v1/files/{id}}. Unknown ids are 404.
 */
@Component
public class FilesHandler {
    private static final Logger log = LoggerFactory.getLogger(FilesHandler.class);
    private static final int MAX_LIST = 10_000;
    /** Room for the multipart framing and the purpose field around the file itself. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final BatchService service;
    private final RateGate gate;

    public FilesHandler(BatchService service, RateGate gate) {
        this.service = service;
        this.gate = gate;
    }

    public Mono<ServerResponse> create(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        RateGate.Admission admission = gate.admit(caller, 0);
        long max = service.limits().maxFileBytes();
        if (request.headers().contentLength().orElse(-1) > max + MULTIPART_OVERHEAD) {
            return Mono.error(service.fileTooLarge());
        }
        return request.multipartData()
                .onErrorMap(DataBufferLimitException.class, e -> service.fileTooLarge())
                .flatMap(parts -> {
                    String purpose = field(parts, "purpose");
                    service.checkPurpose(purpose);
                    requireAtMostOne(parts, "file");
                    if (!(parts.getFirst("file") instanceof FilePart file)) {
                        throw ApiException.missing("file");
                    }
                    return upload(file, max).flatMap(temp -> Mono.fromCallable(
                                    () -> service.createFile(file.filename(), purpose, temp, caller.tenant()))
                            .subscribeOn(Schedulers.boundedElastic())
                            .doFinally(s -> delete(temp)));
                })
                .flatMap(created -> JsonReplies.ok(admission, BatchJson.file(created)));
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        RateGate.Admission admission = gate.admit(caller, 0);
        ListQuery query = ListQuery.of(request, MAX_LIST, MAX_LIST);
        String purpose = request.queryParam("purpose").filter(s -> !s.isBlank()).orElse(null);
        return Mono.fromCallable(() -> service.listFiles(caller.tenant(), purpose, query.limit(), query.after()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(page -> JsonReplies.ok(admission, list(page)));
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        RateGate.Admission admission = gate.admit(caller, 0);
        String id = request.pathVariable("id");
        return Mono.fromCallable(() -> service.getFile(id, caller.tenant()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(file -> JsonReplies.ok(admission, BatchJson.file(file)));
    }

    public Mono<ServerResponse> content(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        RateGate.Admission admission = gate.admit(caller, 0);
        String id = request.pathVariable("id");
        return Mono.fromCallable(() -> service.getFile(id, caller.tenant()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(file -> {
                    Flux<DataBuffer> body = DataBufferUtils.readInputStream(() -> service.fileContent(id, caller.tenant()),
                                    DefaultDataBufferFactory.sharedInstance, 64 * 1024)
                            .subscribeOn(Schedulers.boundedElastic());
                    ServerResponse.BodyBuilder builder = ServerResponse.ok();
                    admission.headers().forEach(builder::header);
                    return builder.contentType(MediaType.APPLICATION_OCTET_STREAM)
                            .contentLength(file.bytes())
                            .header(HttpHeaders.CONTENT_DISPOSITION,
                                    ContentDisposition.attachment().filename(file.filename()).build().toString())
                            .body(BodyInserters.fromDataBuffers(body));
                });
    }

    public Mono<ServerResponse> delete(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        RateGate.Admission admission = gate.admit(caller, 0);
        String id = request.pathVariable("id");
        return Mono.fromRunnable(() -> service.deleteFile(id, caller.tenant()))
                .subscribeOn(Schedulers.boundedElastic())
                .then(Mono.defer(() -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("id", id);
                    body.put("object", "file");
                    body.put("deleted", true);
                    return JsonReplies.ok(admission, body);
                }));
    }

    private static ObjectNode list(Page<BatchFile> page) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("object", "list");
        var data = body.putArray("data");
        page.data().forEach(f -> data.add(BatchJson.file(f)));
        body.put("has_more", page.hasMore());
        return body;
    }

    /** A second part of the same name would be silently dropped: refuse it instead. */
    private static void requireAtMostOne(MultiValueMap<String, Part> parts, String name) {
        List<Part> named = parts.get(name);
        if (named != null && named.size() > 1) {
            throw ApiException.invalidRequest(name, "invalid_value", "Send exactly one '" + name
                    + "' part; this request has " + named.size() + ".");
        }
    }

    private static String field(MultiValueMap<String, Part> parts, String name) {
        requireAtMostOne(parts, name);
        Part part = parts.getFirst(name);
        if (part == null) {
            throw ApiException.missing(name);
        }
        if (!(part instanceof FormFieldPart field)) {
            throw ApiException.wrongType(name, "a form field", "a file");
        }
        return field.value();
    }

    /** Copies the upload to a temporary file, failing with 413 as soon as it passes {@code max} bytes. */
    private Mono<Path> upload(FilePart file, long max) {
        return Mono.fromCallable(() -> Files.createTempFile("osprey-upload-", ".part"))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(temp -> {
                    AtomicLong seen = new AtomicLong();
                    Flux<DataBuffer> limited = file.content().handle((buffer, sink) -> {
                        if (seen.addAndGet(buffer.readableByteCount()) > max) {
                            DataBufferUtils.release(buffer);
                            sink.error(service.fileTooLarge());
                        } else {
                            sink.next(buffer);
                        }
                    });
                    return DataBufferUtils.write(limited, temp)
                            .onErrorMap(DataBufferLimitException.class, e -> service.fileTooLarge())
                            .then(Mono.just(temp))
                            .doOnError(e -> delete(temp));
                });
    }

    private static void delete(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            log.warn("Cannot delete the upload {}: {}", temp, new UncheckedIOException(e).getMessage());
        }
    }
}
