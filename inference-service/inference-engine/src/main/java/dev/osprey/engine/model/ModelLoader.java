package dev.osprey.engine.model;

import dev.osprey.engine.tensor.KernelBackend;
import dev.osprey.engine.tensor.QuantizedMatrix;
import dev.osprey.engine.tensor.Weights;
import dev.osprey.engine.tensor.scalar.BlockFormat;
import dev.osprey.engine.tensor.scalar.ScalarBackend;
import dev.osprey.gguf.GgufFile;
import dev.osprey.gguf.GgufMetadata;
import dev.osprey.gguf.GgufMetadataException;
import dev.osprey.gguf.GgufTensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a model's configuration and binds its tensors from an open GGUF file, with llama.cpp's
 * metadata keys and tensor names. Every problem is a {@link ModelFormatException} naming the key or
 * tensor; an unknown architecture is an {@link UnsupportedArchitectureException}; a tensor type the
 * backend lacks is an {@link dev.osprey.engine.tensor.UnsupportedTensorTypeException}.
 */
public final class ModelLoader {
    private final GgufFile file;
    private final GgufMetadata metadata;

    public ModelLoader(GgufFile file) {
        this.file = file;
        this.metadata = file.metadata();
    }

    /** The architecture named by {@code general.architecture}. */
    public Architecture architecture() {
        if (file.tensors().isEmpty()) {
            throw new ModelFormatException(file.path() + " holds no tensors; it is not a model (a vocabulary-only GGUF?)");
        }
        String name = metadata.findString("general.architecture").orElseThrow(() -> new ModelFormatException(
                file.path() + ": no 'general.architecture' key; not a model file (a vocabulary-only GGUF?)"));
        return Architectures.forName(name);
    }

    public ModelConfig config() {
        Architecture arch = architecture();
        try {
            GgufTensorInfo embedding = requireTensor("token_embd.weight");
            int dim = metadata.getInt(arch.key("embedding_length"));
            int heads = metadata.getInt(arch.key("attention.head_count"));
            int kvHeads = metadata.findInt(arch.key("attention.head_count_kv")).orElse(heads);
            if (heads <= 0 || (dim % heads != 0 && metadata.findInt(arch.key("attention.key_length")).isEmpty())) {
                throw new ModelFormatException(arch.key("embedding_length") + " " + dim
                        + " is not a multiple of head_count " + heads + " and no key_length is given");
            }
            int headDim = metadata.findInt(arch.key("attention.key_length")).orElse(dim / heads);
            int valueHeadDim = metadata.findInt(arch.key("attention.value_length")).orElse(headDim);
            int ropeDims = metadata.findInt(arch.key("rope.dimension_count")).orElse(headDim);
            double theta = metadata.findDouble(arch.key("rope.freq_base")).orElse(10000.0);
            String scaling = metadata.findString(arch.key("rope.scaling.type")).orElse("none");
            double factor = metadata.findDouble(arch.key("rope.scaling.factor")).orElse(1.0);
            int contextLength = metadata.findInt(arch.key("context_length")).orElse(2048);
            Yarn yarn = null;
            double linearScale = switch (scaling) {
                case "none" -> 1.0;
                case "linear" -> factor;
                case "yarn" -> {
                    yarn = new Yarn(factor,
                            metadata.findInt(arch.key("rope.scaling.original_context_length")).orElse(contextLength),
                            metadata.findDouble(arch.key("rope.scaling.yarn_beta_fast")).orElse(Yarn.DEFAULT_BETA_FAST),
                            metadata.findDouble(arch.key("rope.scaling.yarn_beta_slow")).orElse(Yarn.DEFAULT_BETA_SLOW),
                            Yarn.magnitude(factor, metadata.findDouble(arch.key("rope.scaling.yarn_log_multiplier"))
                                    .orElse(0.0), metadata.findDouble(arch.key("rope.scaling.attn_factor")).orElse(1.0)));
                    yield 1.0;
                }
                default -> throw new ModelFormatException(arch.key("rope.scaling.type") + " '" + scaling
                        + "' is not supported (supported: none, linear, yarn, and Llama 3 scaling via"
                        + " rope_freqs.weight)");
            };
            float[] freqFactors = file.tensor("rope_freqs.weight").map(this::vector).orElse(null);
            RopeConfig rope = new RopeConfig(arch.ropeType(), ropeDims, theta, linearScale, freqFactors, yarn);
            return new ModelConfig(
                    arch.name(),
                    arch.block(),
                    metadata.getInt(arch.key("block_count")),
                    dim,
                    heads,
                    kvHeads,
                    headDim,
                    valueHeadDim,
                    metadata.getInt(arch.key("feed_forward_length")),
                    Math.toIntExact(embedding.dim(1)),
                    contextLength,
                    metadata.findFloat(arch.key(arch.block().epsilonKey())).orElse(1e-5f),
                    rope,
                    metadata.findInt(arch.key("attention.sliding_window")).orElse(0));
        } catch (GgufMetadataException e) {
            throw new ModelFormatException(file.path() + ": " + e.getMessage(), e);
        }
    }

    /** Binds every tensor the config needs to {@code backend}'s kernels. */
    public ModelWeights weights(ModelConfig config, KernelBackend backend) {
        Architecture arch = architecture();
        Weights embedding = matrix("token_embd.weight", config.vocabSize(), config.dim(), backend);
        List<LayerWeights> layers = new ArrayList<>(config.layers());
        BlockShape block = arch.block();
        boolean layerNorm = block.norm() == NormKind.LAYER;
        boolean swiGlu = block.feedForward() == FeedForwardKind.SWIGLU;
        for (int i = 0; i < config.layers(); i++) {
            String p = "blk." + i + ".";
            layers.add(new LayerWeights(
                    vector(p + "attn_norm.weight", config.dim()),
                    layerNorm ? vector(p + "attn_norm.bias", config.dim()) : null,
                    matrix(p + "attn_q.weight", config.qDim(), config.dim(), backend),
                    bias(p + "attn_q.bias", config.qDim(), block.qkvBiasRequired()),
                    matrix(p + "attn_k.weight", config.kvDim(), config.dim(), backend),
                    bias(p + "attn_k.bias", config.kvDim(), block.qkvBiasRequired()),
                    matrix(p + "attn_v.weight", config.vDim(), config.dim(), backend),
                    bias(p + "attn_v.bias", config.vDim(), block.qkvBiasRequired()),
                    block.qkNorm() ? vector(p + "attn_q_norm.weight", config.headDim()) : null,
                    block.qkNorm() ? vector(p + "attn_k_norm.weight", config.headDim()) : null,
                    matrix(p + "attn_output.weight", config.dim(), config.heads() * config.valueHeadDim(), backend),
                    bias(p + "attn_output.bias", config.dim(), false),
                    vector(p + "ffn_norm.weight", config.dim()),
                    layerNorm ? vector(p + "ffn_norm.bias", config.dim()) : null,
                    swiGlu ? matrix(p + "ffn_gate.weight", config.ffnDim(), config.dim(), backend) : null,
                    matrix(p + "ffn_up.weight", config.ffnDim(), config.dim(), backend),
                    bias(p + "ffn_up.bias", config.ffnDim(), false),
                    matrix(p + "ffn_down.weight", config.dim(), config.ffnDim(), backend),
                    bias(p + "ffn_down.bias", config.dim(), false)));
        }
        Weights output = file.tensor("output.weight").isPresent()
                ? matrix("output.weight", config.vocabSize(), config.dim(), backend)
                : embedding;
        return new ModelWeights(embedding, layers, vector("output_norm.weight", config.dim()),
                layerNorm ? vector("output_norm.bias", config.dim()) : null, output);
    }

    private GgufTensorInfo requireTensor(String name) {
        return file.tensor(name).orElseThrow(() ->
                new ModelFormatException(file.path() + ": tensor '" + name + "' is missing"));
    }

    private Weights matrix(String name, int rows, int cols, KernelBackend backend) {
        GgufTensorInfo info = requireTensor(name);
        if (info.nDims() != 2 || info.dim(0) != cols || info.dim(1) != rows) {
            throw new ModelFormatException(file.path() + ": tensor '" + name + "' has shape "
                    + shape(info) + ", expected [" + cols + ", " + rows + "]");
        }
        return backend.bind(new QuantizedMatrix(name, info.type(), rows, cols, file.tensorData(info)));
    }

    private float[] vector(String name, int length) {
        GgufTensorInfo info = requireTensor(name);
        if (info.elementCount() != length) {
            throw new ModelFormatException(file.path() + ": tensor '" + name + "' has shape "
                    + shape(info) + ", expected [" + length + "]");
        }
        return vector(info);
    }

    private float[] bias(String name, int length, boolean required) {
        Optional<GgufTensorInfo> info = file.tensor(name);
        if (info.isEmpty()) {
            if (required) {
                throw new ModelFormatException(file.path() + ": tensor '" + name + "' is missing (the "
                        + architecture().name() + " architecture requires q/k/v biases)");
            }
            return null;
        }
        return vector(name, length);
    }

    private float[] vector(GgufTensorInfo info) {
        BlockFormat format = ScalarBackend.format(info.type());
        if (format == null || info.elementCount() > Integer.MAX_VALUE) {
            throw new ModelFormatException(file.path() + ": tensor '" + info.name() + "' has type " + info.type()
                    + "; 1-D tensors must be F32, F16 or BF16");
        }
        int n = (int) info.elementCount();
        if (n % info.type().blockSize() != 0) {
            throw new ModelFormatException(file.path() + ": tensor '" + info.name() + "' of " + n
                    + " elements is not whole " + info.type() + " blocks");
        }
        float[] out = new float[n];
        format.dequantize(file.tensorData(info), 0, n, out, 0);
        return out;
    }

    private static String shape(GgufTensorInfo info) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < info.nDims(); i++) {
            sb.append(i == 0 ? "" : ", ").append(info.dim(i));
        }
        return sb.append("]").toString();
    }
}
