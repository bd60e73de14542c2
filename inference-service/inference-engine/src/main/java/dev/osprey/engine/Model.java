package dev.osprey.engine;

import dev.osprey.engine.forward.ContiguousKvCache;
import dev.osprey.engine.forward.ForwardBatch;
import dev.osprey.engine.forward.KvCache;
import dev.osprey.engine.forward.Transformer;
import dev.osprey.engine.kvpages.KvShape;
import dev.osprey.engine.kvpages.KvType;
import dev.osprey.engine.model.ModelConfig;
import dev.osprey.engine.model.ModelFormatException;
import dev.osprey.engine.model.ModelLoader;
import dev.osprey.engine.model.ModelWeights;
import dev.osprey.engine.parallel.WorkerPool;
import dev.osprey.engine.tensor.KernelBackend;
import dev.osprey.gguf.GgufFile;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A loaded GGUF model: its configuration, its weights bound to a kernel backend (the file stays
 * memory-mapped; nothing is copied to the heap), its tokenizer and a worker pool. Forward passes run
 * one at a time.
 */
public final class Model implements AutoCloseable {
    private final GgufFile file;
    private final ModelConfig config;
    private final KernelBackend backend;
    private final WorkerPool pool;
    private final Transformer transformer;
    private final ModelWeights weights;
    private final KvType kvType;
    private volatile Tokenizer tokenizer;

    private Model(GgufFile file, ModelConfig config, KernelBackend backend, WorkerPool pool, ModelWeights weights,
                  KvType kvType) {
        this.file = file;
        this.config = config;
        this.backend = backend;
        this.pool = pool;
        this.kvType = kvType;
        this.transformer = new Transformer(config, weights, pool, backend.attention(), backend.swiGlu());
        this.weights = weights;
    }

    /**
     * Opens and binds the model at {@code path}.
     *
     * @throws ModelFormatException if the file is not a usable model (naming what is wrong)
     */
    public static Model load(Path path, EngineOptions options) {
        GgufFile file;
        try {
            file = GgufFile.open(path);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read model " + path + ": " + e.getMessage(), e);
        }
        WorkerPool pool = null;
        try {
            ModelLoader loader = new ModelLoader(file);
            ModelConfig config = loader.config();
            try {
                config.kvShape(options.kvType());
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(path + ": " + e.getMessage(), e);
            }
            KernelBackend backend = options.backend();
            ModelWeights weights = loader.weights(config, backend);
            pool = WorkerPool.create(options.threads());
            return new Model(file, config, backend, pool, weights, options.kvType());
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            file.close();
            throw e;
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** The bound weights (views of the mapped file, or the backend's repacked copies). */
    public ModelWeights weights() {
        return weights;
    }

    public Path path() {
        return file.path();
    }

    public KernelBackend backend() {
        return backend;
    }

    public int threads() {
        return pool.threads();
    }

    /** The tokenizer stored in the model file, loaded on first use. */
    public Tokenizer tokenizer() {
        Tokenizer t = tokenizer;
        if (t == null) {
            synchronized (this) {
                t = tokenizer;
                if (t == null) {
                    try {
                        t = Tokenizers.load(file.path());
                    } catch (IOException | RuntimeException e) {
                        throw new ModelFormatException("cannot load the tokenizer of " + file.path() + ": "
                                + e.getMessage(), e);
                    }
                    tokenizer = t;
                }
            }
        }
        return t;
    }

    /** Element type of the KV caches made for this model ({@link EngineOptions#kvType()}). */
    public KvType kvType() {
        return kvType;
    }

    /** What one token takes in this model's KV caches. */
    public KvShape kvShape() {
        return config.kvShape(kvType);
    }

    /** A single-sequence KV cache of {@link #kvType()} for {@code capacity} positions (at most the model's context length). */
    public KvCache newKvCache(int capacity) {
        return newKvCache(capacity, kvType);
    }

    /** As {@link #newKvCache(int)}, storing keys and values as {@code type}. */
    public KvCache newKvCache(int capacity, KvType type) {
        if (capacity <= 0 || capacity > config.contextLength()) {
            throw new EngineException("KV cache capacity " + capacity + " must be in [1, "
                    + config.contextLength() + "] (the model's context length)");
        }
        return new ContiguousKvCache(config.kvShape(type), capacity);
    }

    /** Runs {@code batch}; returns logits {@code [batch.outputs().length][vocab]}. */
    public float[] forward(ForwardBatch batch) {
        float[] logits = new float[batch.outputs().length * config.vocabSize()];
        transformer.forward(batch, logits);
        return logits;
    }

    /**
     * Feeds {@code tokens} at positions {@code start..} of {@code cache} as one batch.
     *
     * @return logits of every position ({@code [n][vocab]}) or of the last one ({@code [vocab]})
     */
    public float[] forward(int[] tokens, int start, KvCache cache, boolean allLogits) {
        return forward(ForwardBatch.sequence(tokens, start, cache, allLogits));
    }

    @Override
    public void close() {
        pool.close();
        file.close();
    }
}
