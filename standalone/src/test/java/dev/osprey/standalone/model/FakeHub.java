package dev.osprey.standalone.model;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback stand-in for the Hugging Face Hub: {@code /OWNER/REPO/resolve/REV/PATH} answers 302 to
 * {@code /cdn/SHA256} with {@code X-Linked-Etag} and {@code X-Linked-Size}, as the Hub does for LFS files, and the
 * CDN path serves the bytes with {@code Range} support. Counts requests and body bytes sent.
 */
final class FakeHub implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> filesByResolvePath = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobsBySha = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> rangeHeaders = new CopyOnWriteArrayList<>();
    private final AtomicLong bodyBytesSent = new AtomicLong();
    volatile boolean ignoreRange;
    volatile String publishedShaOverride;
    volatile String requiredToken;
    volatile String lastAuthorization;

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Publishes {@code content} as {@code repo/resolve/revision/path}; returns its SHA-256. */
    String publish(String ownerRepo, String revision, String path, byte[] content) {
        String sha = sha256(content);
        filesByResolvePath.put("/" + ownerRepo + "/resolve/" + revision + "/" + path, content);
        blobsBySha.put(sha, content);
        return sha;
    }

    List<String> requests() {
        return requests;
    }

    List<String> rangeHeaders() {
        return rangeHeaders;
    }

    long bodyBytesSent() {
        return bodyBytesSent.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(path);
            if (path.startsWith("/cdn/")) {
                serveBlob(exchange, blobsBySha.get(path.substring("/cdn/".length())));
                return;
            }
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (requiredToken != null && !("Bearer " + requiredToken).equals(lastAuthorization)) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            byte[] content = filesByResolvePath.get(path);
            if (content == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String sha = sha256(content);
            String published = publishedShaOverride != null ? publishedShaOverride : sha;
            exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + published + "\"");
            exchange.getResponseHeaders().add("ETag", "W/\"0123456789abcdef0123456789abcdef01234567\"");
            exchange.getResponseHeaders().add("X-Linked-Size", Long.toString(content.length));
            exchange.getResponseHeaders().add("Location", "/cdn/" + sha);
            exchange.sendResponseHeaders(302, -1);
        }
    }

    private void serveBlob(HttpExchange exchange, byte[] content) throws IOException {
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        rangeHeaders.add(range == null ? "" : range);
        int start = 0;
        int status = 200;
        if (range != null && !ignoreRange) {
            start = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            if (start >= content.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            status = 206;
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        int length = content.length - start;
        exchange.sendResponseHeaders(status, length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content, start, length);
        }
        bodyBytesSent.addAndGet(length);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
