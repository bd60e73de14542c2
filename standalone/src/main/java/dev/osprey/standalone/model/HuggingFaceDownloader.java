package dev.osprey.standalone.model;

import dev.osprey.standalone.model.ModelDownloadException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads files from Hugging Face model repositories into a {@link ModelCache}.
 *
 * <p>Contract of {@link #download(ModelReference.HuggingFace)}:
 * <ul>
 *   <li>A file already in the cache with its {@code .sha256} record and the recorded size is returned without any
 *       HTTP request and without hashing it again. A cached file whose size differs from the record (truncated,
 *       overwritten) is discarded and downloaded again.</li>
 *   <li>Otherwise {@code GET {endpoint}/{owner}/{repo}/resolve/{revision}/{path}} is sent, following redirects
 *       (Hugging Face answers large files with a 302 to its CDN). Bytes go to {@code FILE.part}; an existing part
 *       is continued with {@code Range: bytes=N-}. A 206 appends; a 200 means the server ignored the range, so the
 *       part is truncated and the download starts over.</li>
 *   <li>The SHA-256 published by the Hub (the {@code X-Linked-Etag} header of the resolve response, or its
 *       {@code ETag} when that is a 64-digit hex value, as huggingface_hub reads it) is compared with the digest
 *       computed while streaming (a resumed part is hashed first). On a mismatch the part is deleted and a
 *       {@link Reason#CHECKSUM_MISMATCH} is thrown. The size published ({@code X-Linked-Size}, or the length of
 *       the body) is checked too. A server that publishes no SHA-256 gets a warning and the computed digest
 *       is recorded.</li>
 *   <li>Only a complete, verified file is renamed to its final name, atomically.</li>
 * </ul>
 * Every failure is a {@link ModelDownloadException} whose message tells the user what to do. Two processes must
 * not download the same file into the same cache at once.
 */
public final class HuggingFaceDownloader {

    /** The public Hub. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER_BYTES = 1 << 16;

    private final URI endpoint;
    private final Optional<String> token;
    private final ModelCache cache;
    private final HttpClient client;
    private final Function<ProgressLabel, DownloadProgress> progressFactory;
    private final PrintStream messages;

    /** The file name and the sizes a progress bar starts from. */
    record ProgressLabel(String label, long total, long startOffset) {
    }

    /**
     * @param endpoint        the Hub's base URL, e.g. {@link #DEFAULT_ENDPOINT} or a mirror
     * @param token           sent as {@code Authorization: Bearer} when present
     * @param progressFactory makes the progress bar for each download
     * @param messages        where warnings go (stderr in the application)
     */
    HuggingFaceDownloader(URI endpoint, Optional<String> token, ModelCache cache,
                          Function<ProgressLabel, DownloadProgress> progressFactory, PrintStream messages) {
        String base = endpoint.toString();
        this.endpoint = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = Objects.requireNonNull(token, "token").filter(t -> !t.isBlank());
        this.cache = Objects.requireNonNull(cache, "cache");
        this.progressFactory = progressFactory;
        this.messages = messages;
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** A downloader that draws its progress bar and warnings on {@code console} (normally {@code System.err}). */
    public HuggingFaceDownloader(URI endpoint, Optional<String> token, ModelCache cache, PrintStream console) {
        this(endpoint, token, cache,
                p -> DownloadProgress.forConsole(console, p.label(), p.total(), p.startOffset()), console);
    }

    /** Endpoint from {@code HF_ENDPOINT} (default {@link #DEFAULT_ENDPOINT}), token from {@code HF_TOKEN}. */
    public static HuggingFaceDownloader fromEnvironment(Map<String, String> env, ModelCache cache,
                                                        PrintStream console) {
        String endpoint = env.get("HF_ENDPOINT");
        URI uri = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : URI.create(endpoint.strip());
        return new HuggingFaceDownloader(uri, Optional.ofNullable(env.get("HF_TOKEN")), cache, console);
    }

    public URI endpoint() {
        return endpoint;
    }

    public ModelCache cache() {
        return cache;
    }

    /** The URL of a file: {@code {endpoint}/{owner}/{repo}/resolve/{revision}/{path}}, each segment escaped. */
    public URI resolveUrl(ModelReference.HuggingFace ref) {
        StringBuilder url = new StringBuilder(endpoint.toString())
                .append('/').append(escape(ref.owner()))
                .append('/').append(escape(ref.repo()))
                .append("/resolve/").append(escape(ref.revision()));
        for (String segment : ref.file().split("/")) {
            url.append('/').append(escape(segment));
        }
        return URI.create(url.toString());
    }

    private static String escape(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The verified cached file when there is one; never touches the network. */
    public Optional<Path> cached(ModelReference.HuggingFace ref) {
        Path target = cache.pathFor(ref);
        return VerifiedDigest.read(target).filter(d -> d.matchesSizeOf(target)).map(d -> target);
    }

    /**
     * Returns the local path of {@code ref}, downloading it first unless it is cached.
     *
     * @throws ModelDownloadException when the file cannot be fetched, verified or written
     */
    public Path download(ModelReference.HuggingFace ref) {
        Path target = cache.pathFor(ref);
        Optional<VerifiedDigest> record = VerifiedDigest.read(target);
        if (record.isPresent() && record.get().matchesSizeOf(target)) {
            return target;
        }
        if (record.isPresent() || Files.exists(target)) {
            messages.println("Cached " + target + " does not match its recorded size; downloading it again.");
            deleteQuietly(target);
            deleteQuietly(ModelCache.digestFile(target));
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw localFailure("create the cache directory " + target.getParent(), e);
        }
        return fetch(ref, target, true);
    }

    private Path fetch(ModelReference.HuggingFace ref, Path target, boolean mayRetryFromZero) {
        Path part = ModelCache.partFile(target);
        long offset = sizeOrZero(part);
        URI url = resolveUrl(ref);
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET()
                .header("User-Agent", "osprey/0.1 (java.net.http)");
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException(Reason.INTERRUPTED, "Download of " + ref.displayName()
                    + " was interrupted; run again to resume it.", e);
        } catch (IOException e) {
            throw connectFailure(ref, url, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 416 && offset > 0 && mayRetryFromZero) {
                deleteQuietly(part);
                return fetch(ref, target, false);
            }
            if (status != 200 && status != 206) {
                throw statusFailure(ref, url, status);
            }
            long start = 0;
            long total = publishedSize(response).orElse(-1);
            if (status == 206) {
                Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                if (!range.matches() || Long.parseLong(range.group(1)) != offset) {
                    if (!mayRetryFromZero) {
                        throw new ModelDownloadException(Reason.HTTP_ERROR, "Download of " + ref.displayName()
                                + " failed: the server answered a range request with an unusable Content-Range '"
                                + response.headers().firstValue("Content-Range").orElse("") + "'.");
                    }
                    body.close();
                    deleteQuietly(part);
                    return fetch(ref, target, false);
                }
                start = offset;
                if (total < 0) {
                    total = "*".equals(range.group(3))
                            ? response.headers().firstValueAsLong("Content-Length").stream()
                                    .map(length -> offset + length).findFirst().orElse(-1)
                            : Long.parseLong(range.group(3));
                }
            } else if (total < 0) {
                total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            }
            Optional<String> expected = publishedSha256(response);
            String actual = stream(ref, body, part, start, total);
            long size = sizeOrZero(part);
            if (total >= 0 && size != total) {
                deleteQuietly(part);
                throw new ModelDownloadException(Reason.CHECKSUM_MISMATCH, "Download of " + ref.displayName()
                        + " is " + size + " bytes but the server announced " + total
                        + "; the partial file was deleted, run again to download it afresh.");
            }
            if (expected.isPresent() && !expected.get().equals(actual)) {
                deleteQuietly(part);
                throw new ModelDownloadException(Reason.CHECKSUM_MISMATCH, "Checksum mismatch for "
                        + ref.displayName() + ": the Hub published SHA-256 " + expected.get()
                        + " but the downloaded bytes hash to " + actual
                        + ". The partial file was deleted; run again to download it afresh.");
            }
            if (expected.isEmpty()) {
                messages.println("Warning: " + url + " published no SHA-256; recorded the computed digest "
                        + actual + " without verifying it.");
            }
            try {
                VerifiedDigest.write(target, new VerifiedDigest(actual, size));
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw localFailure("store " + target, e);
            }
            return target;
        } catch (IOException e) {
            throw new ModelDownloadException(Reason.INTERRUPTED, "Download of " + ref.displayName()
                    + " from " + url.getHost() + " broke off: " + describe(e) + ". The partial file " + part
                    + " is kept; run again to resume it.", e);
        }
    }

    /** Appends the body to {@code part} from {@code start}, returning the SHA-256 of the whole part. */
    private String stream(ModelReference.HuggingFace ref, InputStream body, Path part, long start, long total)
            throws IOException {
        MessageDigest digest = sha256();
        try (FileChannel channel = openPart(part, start)) {
            if (start > 0) {
                hashPrefix(part, start, digest);
            }
            DownloadProgress progress = progressFactory.apply(
                    new ProgressLabel(fileName(ref.file()), total, start));
            byte[] buffer = new byte[BUFFER_BYTES];
            long done = start;
            int n;
            while ((n = body.read(buffer)) >= 0) {
                digest.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                try {
                    while (chunk.hasRemaining()) {
                        channel.write(chunk);
                    }
                } catch (IOException e) {
                    throw localFailure("write " + part, e);
                }
                done += n;
                progress.update(done);
            }
            try {
                channel.force(false);
            } catch (IOException e) {
                throw localFailure("write " + part, e);
            }
            progress.finish();
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private FileChannel openPart(Path part, long start) {
        try {
            FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(start);
            channel.position(start);
            return channel;
        } catch (IOException e) {
            throw localFailure("open " + part, e);
        }
    }

    private static void hashPrefix(Path part, long length, MessageDigest digest) {
        try (InputStream in = Files.newInputStream(part)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("shorter than " + length + " bytes");
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            throw localFailure("read the partial download " + part, e);
        }
    }

    /** The SHA-256 from the first response in the redirect chain that carries one. */
    static Optional<String> publishedSha256(HttpResponse<?> response) {
        for (HttpResponse<?> r = response; r != null; r = r.previousResponse().orElse(null)) {
            for (String header : new String[] {"X-Linked-Etag", "ETag"}) {
                Optional<String> value = r.headers().firstValue(header).map(HuggingFaceDownloader::normalizeEtag)
                        .filter(v -> SHA256.matcher(v).matches());
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    /** {@code X-Linked-Size} from the first response in the redirect chain that carries it. */
    private static OptionalLong publishedSize(HttpResponse<?> response) {
        for (HttpResponse<?> r = response; r != null; r = r.previousResponse().orElse(null)) {
            OptionalLong size = r.headers().firstValueAsLong("X-Linked-Size");
            if (size.isPresent()) {
                return size;
            }
        }
        return OptionalLong.empty();
    }

    /** Strips a weak-validator prefix and quotes: {@code W/"abc"} becomes {@code abc}. */
    static String normalizeEtag(String etag) {
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    private ModelDownloadException statusFailure(ModelReference.HuggingFace ref, URI url, int status) {
        return switch (status) {
            case 401, 403 -> new ModelDownloadException(Reason.UNAUTHORIZED, "Access to " + ref.repoId()
                    + " was refused (HTTP " + status + " from " + url.getHost() + "). The repository may be gated"
                    + " or private (or may not exist): accept its terms on the Hub and set HF_TOKEN to an access"
                    + " token" + (token.isPresent() ? " that can read it (the one set was refused)" : "") + ".");
            case 404 -> new ModelDownloadException(Reason.NOT_FOUND, "Not found on " + url.getHost() + ": file '"
                    + ref.file() + "' in repository " + ref.repoId() + " at revision '" + ref.revision()
                    + "' (HTTP 404). Check the owner, repository, revision and file name.");
            default -> new ModelDownloadException(Reason.HTTP_ERROR, "Download of " + ref.displayName()
                    + " failed: " + url.getHost() + " answered HTTP " + status + ".");
        };
    }

    private ModelDownloadException connectFailure(ModelReference.HuggingFace ref, URI url, IOException e) {
        String host = url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
        if (isUnreachable(e)) {
            return new ModelDownloadException(Reason.UNREACHABLE, "Could not reach " + host + " to download "
                    + ref.displayName() + " (" + describe(e) + "). Check the network (or HF_ENDPOINT), or pass a"
                    + " local file with --model /path/to/model.gguf.", e);
        }
        return new ModelDownloadException(Reason.INTERRUPTED, "Download of " + ref.displayName() + " from "
                + host + " failed: " + describe(e) + ". Run again to retry, or pass a local file with"
                + " --model /path/to/model.gguf.", e);
    }

    /** True for the failures that mean no connection could be made at all. */
    static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException || t instanceof NoRouteToHostException
                    || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static ModelDownloadException localFailure(String what, IOException e) {
        return new ModelDownloadException(Reason.LOCAL_IO, "Could not " + what + ": " + describe(e)
                + " (is the disk full or the cache directory not writable? Set OSPREY_HOME to move the cache).", e);
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static long sizeOrZero(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Best effort: a leftover file is detected by size or digest on the next run.
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
