package dev.osprey.context.embed;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (384 dimensions) run in process with ONNX Runtime through langchain4j; the model is bundled in the
 * jar, so it works offline. Texts longer than the model's 256 word pieces are truncated to their first
 * {@value #MAX_CHARS} characters before embedding.
 */
public final class MiniLmEmbedder implements Embedder {
    static final int MAX_CHARS = 1200;

    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    @Override
    public String name() {
        return "all-minilm-l6-v2";
    }

    @Override
    public int dimension() {
        return 384;
    }

    /** Blank texts (the model refuses them) get the zero vector. */
    @Override
    public float[][] embed(List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        List<Integer> positions = new ArrayList<>();
        List<TextSegment> segments = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t.isBlank()) {
                vectors[i] = new float[dimension()];
            } else {
                positions.add(i);
                segments.add(TextSegment.from(t.length() > MAX_CHARS ? t.substring(0, MAX_CHARS) : t));
            }
        }
        if (!segments.isEmpty()) {
            List<Embedding> embeddings = model.embedAll(segments).content();
            for (int j = 0; j < embeddings.size(); j++) {
                vectors[positions.get(j)] = embeddings.get(j).vector();
            }
        }
        return vectors;
    }
}
