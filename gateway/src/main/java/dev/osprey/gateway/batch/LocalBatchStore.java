package dev.osprey.gateway.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store in a local directory:
 * <pre>
 * files/&lt;id&gt;.data               the content
 * files/&lt;id&gt;.json               OpenAI's file object (written after the content)
 * batches/&lt;id&gt;.json             the batch ({@link BatchJson#storedBatch})
 * batches/&lt;id&gt;.results.jsonl    one recorded result per line, appended and fsynced one by one
 * </pre>
 * Metadata is replaced atomically (a temporary file, fsynced, moved over the old one, then the
 * directory fsynced). A results log whose last line was torn by a crash is cut back to its last whole
 * line when the batch is first touched. Ids that could name anything outside the directory are
 * treated as unknown.
 */
public final class LocalBatchStore implements BatchStore {
    private static final Logger log = LoggerFactory.getLogger(LocalBatchStore.class);
    private static final String TEMP = ".tmp-";

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Path files;
    private final Path batches;
    private final ConcurrentHashMap<String, ResultLog> logs = new ConcurrentHashMap<>();

    /** Opens (creating if needed) the store in {@code dir}, removing temporary files a crash left behind. */
    public LocalBatchStore(Path dir) {
        this.files = dir.resolve("files");
        this.batches = dir.resolve("batches");
        try {
            Files.createDirectories(files);
            Files.createDirectories(batches);
            for (Path d : List.of(files, batches)) {
                try (Stream<Path> entries = Files.list(d)) {
                    for (Path p : entries.filter(p -> p.getFileName().toString().contains(TEMP)).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the batch store in " + dir, e);
        }
    }

    // ---- files ----

    @Override
    public void putFile(BatchFile file, InputStream content) {
        requireSafe(file.id());
        Path data = files.resolve(file.id() + ".data");
        Path temp = files.resolve(file.id() + ".data" + TEMP + UUID.randomUUID());
        try {
            long written;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                written = content.transferTo(out);
                out.flush();
                channel.force(true);
            }
            if (written != file.bytes()) {
                Files.deleteIfExists(temp);
                throw new IllegalArgumentException("file " + file.id() + " declares " + file.bytes()
                        + " bytes but its content has " + written);
            }
            move(temp, data);
            writeAtomically(files.resolve(file.id() + ".json"), mapper.writeValueAsBytes(BatchJson.storedFile(file)));
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("Cannot store file " + file.id(), e);
        }
    }

    @Override
    public Optional<BatchFile> file(String id) {
        if (!safe(id)) {
            return Optional.empty();
        }
        return read(files.resolve(id + ".json")).map(BatchJson::readFile);
    }

    @Override
    public Optional<InputStream> openContent(String id) throws IOException {
        if (file(id).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(files.resolve(id + ".data")));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // deleted meanwhile
        }
    }

    @Override
    public List<BatchFile> files() {
        return readAll(files, ".json").stream().map(BatchJson::readFile).toList();
    }

    @Override
    public boolean deleteFile(String id) {
        if (!safe(id)) {
            return false;
        }
        try {
            boolean existed = Files.deleteIfExists(files.resolve(id + ".json"));
            Files.deleteIfExists(files.resolve(id + ".data"));
            return existed;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete file " + id, e);
        }
    }

    // ---- batches ----

    @Override
    public void putBatch(Batch batch) {
        requireSafe(batch.id());
        try {
            writeAtomically(batches.resolve(batch.id() + ".json"), mapper.writeValueAsBytes(BatchJson.storedBatch(batch)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store batch " + batch.id(), e);
        }
    }

    @Override
    public Optional<Batch> batch(String id) {
        if (!safe(id)) {
            return Optional.empty();
        }
        return read(batches.resolve(id + ".json")).map(BatchJson::readBatch);
    }

    @Override
    public List<Batch> batches() {
        return readAll(batches, ".json").stream().map(BatchJson::readBatch).toList();
    }

    @Override
    public boolean deleteBatch(String id) {
        if (!safe(id)) {
            return false;
        }
        try {
            ResultLog results = log(id);
            synchronized (results) {
                boolean existed = Files.deleteIfExists(batches.resolve(id + ".json"));
                Files.deleteIfExists(results.path);
                logs.remove(id);
                return existed;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete batch " + id, e);
        }
    }

    // ---- results ----

    @Override
    public boolean appendResult(String batchId, BatchResult result) {
        requireSafe(batchId);
        ResultLog results = log(batchId);
        synchronized (results) {
            if (results.customIds.contains(result.customId())) {
                return false;
            }
            byte[] line = (mapper.writeValueAsString(BatchJson.storedResult(result)) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                boolean created = !Files.exists(results.path);
                try (FileChannel channel = FileChannel.open(results.path, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(false);
                }
                if (created) {
                    syncDirectory(batches);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot record a result of batch " + batchId, e);
            }
            results.customIds.add(result.customId());
            return true;
        }
    }

    @Override
    public List<BatchResult> results(String batchId) {
        if (!safe(batchId)) {
            return List.of();
        }
        ResultLog results = log(batchId);
        synchronized (results) {
            return readResults(results.path);
        }
    }

    /** The batch's log, its torn tail cut and its custom_ids loaded on first use. */
    private ResultLog log(String batchId) {
        return logs.computeIfAbsent(batchId, id -> {
            Path path = batches.resolve(id + ".results.jsonl");
            try {
                repairTail(path);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open the results of batch " + id, e);
            }
            Set<String> ids = new HashSet<>();
            for (BatchResult r : readResults(path)) {
                ids.add(r.customId());
            }
            return new ResultLog(path, ids);
        });
    }

    private List<BatchResult> readResults(Path path) {
        if (!Files.exists(path)) {
            return List.of();
        }
        List<BatchResult> out = new ArrayList<>();
        try (Stream<String> lines = Files.lines(path, StandardCharsets.UTF_8)) {
            lines.filter(l -> !l.isBlank()).forEach(l -> out.add(BatchJson.readResult(mapper.readTree(l))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
        return out;
    }

    /** Cuts a partly written last line (a crash in the middle of an append). */
    private static void repairTail(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long keep = size;
            ByteBuffer one = ByteBuffer.allocate(1);
            while (keep > 0) {
                one.clear();
                channel.read(one, keep - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                keep--;
            }
            if (keep < size) {
                log.warn("Cutting a torn last line ({} bytes) from {}", size - keep, path);
                channel.truncate(keep);
                channel.force(true);
            }
        }
    }

    private record ResultLog(Path path, Set<String> customIds) {}

    // ---- helpers ----

    private Optional<JsonNode> read(Path path) {
        try {
            return Optional.of(mapper.readTree(Files.readAllBytes(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    private List<JsonNode> readAll(Path dir, String suffix) {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(suffix) && !name.contains(TEMP) && !name.endsWith(".results.jsonl")) {
                    try {
                        read(p).ifPresent(out::add);
                    } catch (JacksonException e) {
                        log.warn("Skipping unreadable {}: {}", p, e.getOriginalMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
        return out;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + TEMP + UUID.randomUUID());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            move(temp, target);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(to.getParent());
    }

    /** Makes a rename or a new entry durable; not every platform can open a directory, which is then skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open directories; the rename is as durable as the platform makes it.
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", p, e.getMessage());
        }
    }

    private static boolean safe(String id) {
        return id != null && BatchIds.SAFE.matcher(id).matches();
    }

    private static void requireSafe(String id) {
        if (!safe(id)) {
            throw new IllegalArgumentException("not a storable id: " + id);
        }
    }
}
