package dev.osprey.tokenizer.server;

import com.google.protobuf.ByteString;
import dev.osprey.api.v1.ClassifiedToken;
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
import dev.osprey.tokenizer.classes.CodeTokenClassifier;
import dev.osprey.tokenizer.classes.SourceLanguage;
import dev.osprey.tokenizer.classes.TokenClass;
import dev.osprey.tokenizer.fim.FimPromptBuilder;
import dev.osprey.tokenizer.fim.FimRequest;
import dev.osprey.tokenizer.fim.FimSpec;
import dev.osprey.tokenizer.fim.InfillPrompt;
import dev.osprey.tokenizer.fim.RepositoryContext;
import dev.osprey.tokenizer.template.ChatMessage;
import dev.osprey.tokenizer.template.ChatTemplate;
import dev.osprey.tokenizer.template.ChatTemplates;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code osprey.v1.Tokenizer} gRPC service: maps proto requests to the tokenizer core and back.
 * Holds no per-call state; every call is independent and thread-safe. Error statuses follow the
 * contract in {@code tokenizer.proto} (see {@link UnaryCall}).
 */
public final class TokenizerGrpcService extends TokenizerGrpc.TokenizerImplBase {
    private static final Logger log = LoggerFactory.getLogger(TokenizerGrpcService.class);
    /** Source code to classify is untrusted text: no BOS/EOS, no special-token parsing. */
    private static final EncodeOptions SOURCE = EncodeOptions.PLAIN;

    private final ModelRegistry models;
    private final RequestLimits limits;
    private final Map<String, ModelPrompts> prompts = new LinkedHashMap<>();
    private final Object classifierLock = new Object();
    private volatile CodeTokenClassifier classifier; // started on the first Classify call

    /** Prepares every model's chat template and FIM layout; a model whose template does not compile is logged. */
    public TokenizerGrpcService(ModelRegistry models, RequestLimits limits) {
        this.models = Objects.requireNonNull(models, "models");
        this.limits = Objects.requireNonNull(limits, "limits");
        for (ServedModel model : models.models()) {
            ModelPrompts p = ModelPrompts.of(model);
            prompts.put(model.name(), p);
            p.chatTemplateError().ifPresent(e -> log.warn(
                    "Model '{}': its chat template does not compile, RenderChat without template_override will fail: {}",
                    model.name(), e.getMessage()));
            log.info("Model '{}': chat template {}, fill-in-the-middle {}", model.name(),
                    p.chatTemplateError().isPresent() ? "broken" : p.chatTemplate().templateSource(),
                    p.fimSpec().map(spec -> format(spec)).orElse("unsupported"));
        }
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
                response.addIds(id).addSpans(span(encoding, i)).addPieces(piece(tokenizer, id));
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
            DecodeResponse.Builder response = DecodeResponse.newBuilder()
                    .setText(new String(utf8, StandardCharsets.UTF_8)) // malformed sequences become U+FFFD
                    .setUtf8(ByteString.copyFrom(utf8));
            if (request.getWithPieces()) {
                for (int id : ids) {
                    response.addPieces(ByteString.copyFrom(model.tokenizer().piece(id, request.getRenderSpecial())));
                }
            }
            return response.build();
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
            Tokenizer tokenizer = models.resolve(request.getModel()).tokenizer();
            String text = TextInputs.text(request.hasInput(), request.getInput(), "input", limits.maxInputBytes());
            if (request.getLanguage().isBlank()) {
                throw Status.INVALID_ARGUMENT
                        .withDescription("language is required; supported: " + SourceLanguage.supportedNames())
                        .asRuntimeException();
            }
            SourceLanguage language = SourceLanguage.fromName(request.getLanguage());
            Encoding encoding = tokenizer.encodeWithSpans(text, SOURCE);
            List<List<TokenClass>> classes = classifier().classify(text, language, encoding);
            ClassifyResponse.Builder response = ClassifyResponse.newBuilder().setLanguage(language.id());
            for (int i = 0; i < encoding.size(); i++) {
                int id = encoding.ids()[i];
                ClassifiedToken.Builder token = ClassifiedToken.newBuilder()
                        .setId(id).setPiece(piece(tokenizer, id)).setSpan(span(encoding, i));
                for (TokenClass c : classes.get(i)) {
                    token.addClasses(proto(c));
                }
                response.addTokens(token);
            }
            return response.build();
        });
    }

    @Override
    public void renderChat(RenderChatRequest request, StreamObserver<RenderChatResponse> observer) {
        UnaryCall.complete(observer, () -> {
            ModelPrompts model = prompts(request.getModel());
            long bytes = request.getTemplateOverrideBytes().size();
            List<ChatMessage> messages = new ArrayList<>(request.getMessagesCount());
            for (int i = 0; i < request.getMessagesCount(); i++) {
                dev.osprey.api.v1.ChatMessage message = request.getMessages(i);
                bytes += message.getRoleBytes().size() + message.getContentBytes().size();
                if (message.getRole().isBlank()) {
                    throw Status.INVALID_ARGUMENT.withDescription("messages[" + i + "].role is required").asRuntimeException();
                }
                // Templates branch on roles, so a role cannot be protected like content: refuse control-token text in it.
                if (model.chatEncoder().holdsControlText(message.getRole())) {
                    throw Status.INVALID_ARGUMENT
                            .withDescription("messages[" + i + "].role holds special-token text")
                            .asRuntimeException();
                }
                messages.add(new ChatMessage(message.getRole(), message.getContent()));
            }
            TextInputs.requireSize(bytes, "the conversation", limits.maxInputBytes());
            ChatTemplate template = request.getTemplateOverride().isEmpty()
                    ? model.chatTemplate()
                    : ChatTemplate.compile(request.getTemplateOverride(), "override",
                            ChatTemplates.tokenVariables(model.model().tokenizer().vocabulary()));
            boolean generationPrompt = request.getAddGenerationPrompt();
            String text = template.render(messages, generationPrompt);
            List<String> contents = messages.stream().map(ChatMessage::content).toList();
            int[] ids = model.chatEncoder().encode(text, contents,
                    others -> template.render(withContents(messages, others), generationPrompt));
            RenderChatResponse.Builder response = RenderChatResponse.newBuilder()
                    .setText(text)
                    .setTemplateSource(template.templateSource());
            for (int id : ids) {
                response.addIds(id);
            }
            return response.build();
        });
    }

    @Override
    public void renderInfill(RenderInfillRequest request, StreamObserver<RenderInfillResponse> observer) {
        UnaryCall.complete(observer, () -> {
            FimPromptBuilder fim = prompts(request.getModel()).fim();
            long bytes = request.getPrefixBytes().size() + request.getSuffixBytes().size()
                    + request.getRepositoryNameBytes().size() + request.getPathBytes().size();
            List<RepositoryContext.File> files = new ArrayList<>(request.getFilesCount());
            for (dev.osprey.api.v1.RepositoryFile file : request.getFilesList()) {
                bytes += file.getPathBytes().size() + file.getContentBytes().size();
                files.add(new RepositoryContext.File(file.getPath(), file.getContent()));
            }
            TextInputs.requireSize(bytes, "the infill request", limits.maxInputBytes());
            FimRequest fimRequest = FimRequest.of(request.getPrefix(), request.getSuffix());
            boolean hasRepository = !request.getRepositoryName().isEmpty() || !files.isEmpty() || !request.getPath().isEmpty();
            // tokenizer.proto: repository context is used where the model's format supports it
            if (hasRepository && fim.spec().supportsRepositoryContext()) {
                fimRequest = fimRequest.withRepository(new RepositoryContext(request.getRepositoryName(), files, request.getPath()));
            }
            InfillPrompt prompt = fim.build(fimRequest);
            RenderInfillResponse.Builder response = RenderInfillResponse.newBuilder()
                    .setText(prompt.text())
                    .setFormat(format(prompt.spec()));
            for (int id : prompt.ids()) {
                response.addIds(id);
            }
            return response.build();
        });
    }

    @Override
    public void describe(DescribeRequest request, StreamObserver<DescribeResponse> observer) {
        UnaryCall.complete(observer, () -> {
            ModelPrompts model = prompts(request.getModel());
            Vocabulary vocabulary = model.model().tokenizer().vocabulary();
            DescribeResponse.Builder response = DescribeResponse.newBuilder()
                    .setModel(model.model().name())
                    .setVocabSize(vocabulary.size())
                    .setTokenizerModel(vocabulary.model().ggufName())
                    .setPreTokenizer(vocabulary.preTokenizer())
                    .setAddBos(vocabulary.addBos())
                    .setAddEos(vocabulary.addEos())
                    .setFim(fimSupport(model));
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

    private ModelPrompts prompts(String name) {
        return prompts.get(models.resolve(name).name());
    }

    private static FimSupport fimSupport(ModelPrompts model) {
        FimSupport.Builder fim = FimSupport.newBuilder();
        model.fimSpec().ifPresent(spec -> {
            fim.setSupported(true)
                    .setFormat(format(spec))
                    .setPrefixId(spec.prefixId())
                    .setSuffixId(spec.suffixId())
                    .setMiddleId(spec.middleId());
            model.fimPadId().ifPresent(fim::setPadId);
            spec.repoNameId().ifPresent(fim::setRepoNameId);
            spec.fileSeparatorId().ifPresent(fim::setFileSepId);
        });
        return fim.build();
    }

    /** The FIM format's name in tokenizer.proto: qwen, starcoder, deepseek, codellama (or generic). */
    private static String format(FimSpec spec) {
        return spec.format().name().toLowerCase(Locale.ROOT);
    }

    private static List<ChatMessage> withContents(List<ChatMessage> messages, List<String> contents) {
        List<ChatMessage> result = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            result.add(new ChatMessage(messages.get(i).role(), contents.get(i)));
        }
        return result;
    }

    private CodeTokenClassifier classifier() {
        CodeTokenClassifier c = classifier;
        if (c == null) {
            synchronized (classifierLock) {
                c = classifier;
                if (c == null) {
                    try {
                        c = new CodeTokenClassifier();
                    } catch (RuntimeException | LinkageError e) {
                        throw new IllegalStateException("token classes are unavailable: tree-sitter did not start: " + e, e);
                    }
                    classifier = c;
                }
            }
        }
        return c;
    }

    private static EncodeOptions options(dev.osprey.api.v1.EncodeOptions options) {
        return new EncodeOptions(options.getAddSpecial(), options.getParseSpecial());
    }

    private static TokenSpan span(Encoding encoding, int i) {
        return TokenSpan.newBuilder().setStart(encoding.starts()[i]).setEnd(encoding.ends()[i]).build();
    }

    /** A token's bytes, control tokens as their text: a piece shows what the token stands for in the input. */
    private static ByteString piece(Tokenizer tokenizer, int id) {
        return ByteString.copyFrom(tokenizer.piece(id, true));
    }

    private static dev.osprey.api.v1.TokenClass proto(TokenClass c) {
        return switch (c) {
            case KEYWORD -> dev.osprey.api.v1.TokenClass.TOKEN_CLASS_KEYWORD;
            case IDENTIFIER -> dev.osprey.api.v1.TokenClass.TOKEN_CLASS_IDENTIFIER;
            case OPERATOR -> dev.osprey.api.v1.TokenClass.TOKEN_CLASS_OPERATOR;
            case PUNCTUATION -> dev.osprey.api.v1.TokenClass.TOKEN_CLASS_PUNCTUATION;
            case STRING_LITERAL -> dev.osprey.api.v1.TokenClass.TOKEN_CLASS_STRING_LITERAL;
            case NUMBER_LITERAL -> dev.osprey.api.v1.TokenClass.TOKEN_CLASS_NUMBER_LITERAL;
            case COMMENT -> dev.osprey.api.v1.TokenClass.TOKEN_CLASS_COMMENT;
            case WHITESPACE -> dev.osprey.api.v1.TokenClass.TOKEN_CLASS_WHITESPACE;
            case OTHER -> dev.osprey.api.v1.TokenClass.TOKEN_CLASS_OTHER;
        };
    }
}
