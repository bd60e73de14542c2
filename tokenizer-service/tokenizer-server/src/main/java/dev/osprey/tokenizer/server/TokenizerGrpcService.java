package dev.osprey.tokenizer.server;

import com.google.protobuf.ByteString;
import dev.osprey.api.v1.ClassifyRequest;
import dev.osprey.api.v1.ClassifyResponse;
import dev.osprey.api.v1.CountRequest;
import dev.osprey.api.v1.CountResponse;
import dev.osprey.api.v1.DecodeRequest;
import dev.osprey.api.v1.DecodeResponse;
import dev.osprey.api.v1.DescribeRequest;
import dev.osprey.api.v1.DescribeResponse;
import dev.osprey.api.v1.EncodeRequest;
import dev.osprey.api.v1.EncodeResponse;
import dev.osprey.api.v1.FimSupport;
import dev.osprey.api.v1.RenderChatRequest;
import dev.osprey.api.v1.RenderChatResponse;
import dev.osprey.api.v1.RenderInfillRequest;
import dev.osprey.api.v1.RenderInfillResponse;
import dev.osprey.api.v1.SpecialToken;
import dev.osprey.api.v1.TokenSpan;
import dev.osprey.api.v1.TokenizerGrpc;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Encoding;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Vocabulary;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code osprey.v1.Tokenizer} gRPC service: maps proto requests to the tokenizer core and back.
 * Holds no state beyond its models and limits; every call is independent and thread-safe.
 * Error statuses follow the contract in {@code tokenizer.proto} (see {@link UnaryCall}).
 */
public final class TokenizerGrpcService extends TokenizerGrpc.TokenizerImplBase {
    private final ModelRegistry models;
    private final RequestLimits limits;

    public TokenizerGrpcService(ModelRegistry models, RequestLimits limits) {
        this.models = Objects.requireNonNull(models, "models");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void encode(EncodeRequest request, StreamObserver<EncodeResponse> observer) {
        UnaryCall.complete(observer, () -> {
            Tokenizer tokenizer = models.resolve(request.getModel()).tokenizer();
            String text = TextInputs.text(request.hasInput(), request.getInput(), "input", limits.maxInputBytes());
            EncodeOptions options = options(request.getOptions());
            EncodeResponse.Builder response = EncodeResponse.newBuilder();
            if (!request.getWithOffsets()) {
                for (int id : tokenizer.encode(text, options)) {
                    response.addIds(id);
                }
                return response.build();
            }
            Encoding encoding = tokenizer.encodeWithSpans(text, options);
            for (int i = 0; i < encoding.size(); i++) {
                int id = encoding.ids()[i];
                response.addIds(id)
                        .addSpans(TokenSpan.newBuilder().setStart(encoding.starts()[i]).setEnd(encoding.ends()[i]))
                        // Control tokens as their text: a piece shows what the token stands for in the input.
                        .addPieces(ByteString.copyFrom(tokenizer.piece(id, true)));
            }
            return response.build();
        });
    }

    @Override
    public void decode(DecodeRequest request, StreamObserver<DecodeResponse> observer) {
        UnaryCall.complete(observer, () -> {
            ServedModel model = models.resolve(request.getModel());
            int count = request.getIdsCount();
            if (count > limits.maxIds()) {
                throw Status.RESOURCE_EXHAUSTED
                        .withDescription("ids holds " + count + " token ids, above this server's limit of "
                                + limits.maxIds() + " (osprey.tokenizer.max-ids)")
                        .asRuntimeException();
            }
            int vocabularySize = model.tokenizer().vocabulary().size();
            int[] ids = new int[count];
            for (int i = 0; i < count; i++) {
                int id = request.getIds(i);
                if (Integer.compareUnsigned(id, vocabularySize) >= 0) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("ids[" + i + "] = " + Integer.toUnsignedString(id)
                                    + " is outside the vocabulary of model '" + model.name() + "' (ids 0.."
                                    + (vocabularySize - 1) + ")")
                            .asRuntimeException();
                }
                ids[i] = id;
            }
            byte[] utf8 = model.tokenizer().decodeBytes(ids, request.getRenderSpecial());
            return DecodeResponse.newBuilder()
                    // String(byte[], UTF_8) replaces malformed sequences with U+FFFD.
                    .setText(new String(utf8, java.nio.charset.StandardCharsets.UTF_8))
                    .setUtf8(ByteString.copyFrom(utf8))
                    .build();
        });
    }

    @Override
    public void count(CountRequest request, StreamObserver<CountResponse> observer) {
        UnaryCall.complete(observer, () -> {
            Tokenizer tokenizer = models.resolve(request.getModel()).tokenizer();
            String text = TextInputs.text(request.hasInput(), request.getInput(), "input", limits.maxInputBytes());
            return CountResponse.newBuilder()
                    .setCount(tokenizer.encode(text, options(request.getOptions())).length)
                    .build();
        });
    }

    @Override
    public void classify(ClassifyRequest request, StreamObserver<ClassifyResponse> observer) {
        UnaryCall.complete(observer, () -> {
            throw notYetAvailable("Classify", "code-aware token classes");
        });
    }

    @Override
    public void renderChat(RenderChatRequest request, StreamObserver<RenderChatResponse> observer) {
        UnaryCall.complete(observer, () -> {
            throw notYetAvailable("RenderChat", "chat templates");
        });
    }

    @Override
    public void renderInfill(RenderInfillRequest request, StreamObserver<RenderInfillResponse> observer) {
        UnaryCall.complete(observer, () -> {
            throw notYetAvailable("RenderInfill", "fill-in-the-middle formats");
        });
    }

    @Override
    public void describe(DescribeRequest request, StreamObserver<DescribeResponse> observer) {
        UnaryCall.complete(observer, () -> {
            ServedModel model = models.resolve(request.getModel());
            Vocabulary vocabulary = model.tokenizer().vocabulary();
            DescribeResponse.Builder response = DescribeResponse.newBuilder()
                    .setModel(model.name())
                    .setVocabSize(vocabulary.size())
                    .setTokenizerModel(vocabulary.model().ggufName())
                    .setPreTokenizer(vocabulary.preTokenizer())
                    .setAddBos(vocabulary.addBos())
                    .setAddEos(vocabulary.addEos())
                    .setFim(FimSupport.newBuilder().setSupported(false));
            vocabulary.special(Vocabulary.Role.BOS).ifPresent(response::setBosId);
            vocabulary.special(Vocabulary.Role.EOS).ifPresent(response::setEosId);
            for (int id : vocabulary.specialTokenIds()) {
                response.addSpecialTokens(SpecialToken.newBuilder()
                        .setId(id)
                        .setText(vocabulary.token(id))
                        .setType(vocabulary.type(id).name().toLowerCase(Locale.ROOT)));
            }
            vocabulary.chatTemplate().ifPresent(template -> response.setChatTemplate(template).setHasChatTemplate(true));
            return response.build();
        });
    }

    private static EncodeOptions options(dev.osprey.api.v1.EncodeOptions options) {
        return new EncodeOptions(options.getAddSpecial(), options.getParseSpecial());
    }

    private static RuntimeException notYetAvailable(String rpc, String feature) {
        return Status.UNIMPLEMENTED
                .withDescription(rpc + " is not available in this build: the tokenizer core has no " + feature + " yet")
                .asRuntimeException();
    }
}
