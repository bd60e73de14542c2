package dev.osprey.standalone.bench;

import dev.osprey.engine.tensor.quant.Quantizer;
import dev.osprey.engine.tensor.quant.Quantizers;
import dev.osprey.gguf.GgmlType;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufTensorInfo;
import dev.osprey.gguf.GgufWriter;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A copy of a small byte-level BPE model (qwen2-s) that speaks a real model family's vocabulary, for the
 * repository-context benchmark: its Hugging Face {@code tokenizer.json} (vocabulary, merges, added tokens) becomes the
 * GGUF's {@code tokenizer.ggml.*} keys the way llama.cpp's converter writes them (added special tokens CONTROL, the
 * other added tokens USER_DEFINED) and the token embedding (tied to the output) is redrawn, seeded, for the new
 * vocabulary's size in the source's type. Token costs, the tokenizer's speed and the FIM and repository tokens are then
 * those of the real family; the weights stay random, which the benchmark does not judge.
 */
final class RealVocabularyModel {
    private static final String EMBEDDING = "token_embd.weight";
    private static final int NORMAL = 1;
    private static final int CONTROL = 3;
    private static final int USER_DEFINED = 4;

    private RealVocabularyModel() {
    }

    static Path write(Path source, Path tokenizerJson, Path target) throws IOException {
        JsonNode tokenizer = JsonMapper.builder().build().readTree(Files.readString(tokenizerJson));
        JsonNode model = tokenizer.path("model");
        if (!model.path("type").asString("").equals("BPE")) {
            throw new IllegalArgumentException(tokenizerJson + ": a byte-level BPE tokenizer.json is needed");
        }
        int size = 0;
        for (var e : model.path("vocab").properties()) {
            size = Math.max(size, e.getValue().asInt() + 1);
        }
        for (JsonNode added : tokenizer.path("added_tokens")) {
            size = Math.max(size, added.path("id").asInt() + 1);
        }
        String[] tokens = new String[size];
        int[] types = new int[size];
        Arrays.fill(types, NORMAL);
        for (var e : model.path("vocab").properties()) {
            tokens[e.getValue().asInt()] = e.getKey();
        }
        int endOfText = -1;
        for (JsonNode added : tokenizer.path("added_tokens")) {
            int id = added.path("id").asInt();
            tokens[id] = added.path("content").asString();
            types[id] = added.path("special").asBoolean(false) ? CONTROL : USER_DEFINED;
            endOfText = tokens[id].equals("<|endoftext|>") ? id : endOfText;
        }
        for (int i = 0; i < size; i++) {
            if (tokens[i] == null) {
                tokens[i] = "[PAD" + i + "]";
                types[i] = USER_DEFINED;
            }
        }
        if (endOfText < 0) {
            throw new IllegalArgumentException(tokenizerJson + " has no <|endoftext|> token");
        }
        List<String> merges = new ArrayList<>();
        for (JsonNode merge : model.path("merges")) {
            merges.add(merge.isArray() ? merge.get(0).asString() + " " + merge.get(1).asString() : merge.asString());
        }
        try (GgufFile file = GgufFile.open(source); Arena arena = Arena.ofConfined()) {
            GgufWriter writer = new GgufWriter().alignment(file.alignment()).putAll(file.metadata())
                    .putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", "qwen2")
                    .putStringArray("tokenizer.ggml.tokens", List.of(tokens)).putInt32Array("tokenizer.ggml.token_type", types)
                    .putStringArray("tokenizer.ggml.merges", merges)
                    .putUInt32("tokenizer.ggml.bos_token_id", endOfText).putUInt32("tokenizer.ggml.eos_token_id", endOfText)
                    .putUInt32("tokenizer.ggml.padding_token_id", endOfText).putBool("tokenizer.ggml.add_bos_token", false);
            for (GgufTensorInfo tensor : file.tensors()) {
                if (tensor.name().equals("output.weight")) {
                    throw new IllegalArgumentException(source + " has an untied output; a tied qwen2 model is needed");
                }
                if (!tensor.name().equals(EMBEDDING)) {
                    writer.addTensor(tensor.name(), tensor.type(), tensor.dims(), file.tensorData(tensor));
                    continue;
                }
                int width = (int) tensor.dim(0);
                GgmlType type = tensor.type();
                Quantizer quantizer = Quantizers.of(type);
                long rowBytes = quantizer.byteSize(width);
                MemorySegment rows = arena.allocate(rowBytes * size, 64);
                SplittableRandom random = new SplittableRandom(20261207);
                float[] row = new float[width];
                for (int r = 0; r < size; r++) {
                    for (int i = 0; i < width; i++) {
                        row[i] = (float) (random.nextGaussian() * 0.1);
                    }
                    quantizer.quantize(row, 0, width, rows, r * rowBytes);
                }
                writer.addTensor(EMBEDDING, type, new long[] {width, size}, rows);
            }
            writer.write(target);
        }
        return target;
    }
}
