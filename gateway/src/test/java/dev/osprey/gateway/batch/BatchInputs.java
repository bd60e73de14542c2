package dev.osprey.gateway.batch;

import dev.osprey.gateway.access.Tenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Input lines and files for batch tests. */
public final class BatchInputs {
    private BatchInputs() {}

    public static String completionLine(String customId) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/completions\","
                + "\"body\":{\"model\":\"tiny\",\"prompt\":\"def f" + customId + "():\",\"max_tokens\":8}}";
    }

    public static String chatLine(String customId) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
    }

    /** {@code n} completion lines with custom_ids {@code r1 … rn}. */
    public static String completions(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> completionLine("r" + i))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    public static String jsonl(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    /** Uploads {@code content} as a batch input file of the keyless owner. */
    public static BatchFile upload(BatchService service, Path dir, String content) {
        return upload(service, dir, content, Tenant.ANONYMOUS);
    }

    /** Uploads {@code content} as a batch input file of {@code owner}. */
    public static BatchFile upload(BatchService service, Path dir, String content, Tenant owner) {
        try {
            Path temp = Files.createTempFile(dir, "upload", ".jsonl");
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            return service.createFile("input.jsonl", BatchFile.BATCH, temp, owner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
