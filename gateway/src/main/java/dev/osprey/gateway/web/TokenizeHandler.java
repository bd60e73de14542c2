package dev.osprey.gateway.web;

import com.google.protobuf.ByteString;
import dev.osprey.api.v1.ClassifiedToken;
import dev.osprey.api.v1.ClassifyRequest;
import dev.osprey.api.v1.EncodeOptions;
import dev.osprey.api.v1.EncodeRequest;
import dev.osprey.api.v1.TextInput;
import dev.osprey.api.v1.TokenClass;
import dev.osprey.api.v1.TokenizerGrpc;
import dev.osprey.gateway.completion.CompletionPipeline;
import dev.osprey.gateway.completion.ModelProfile;
import dev.osprey.gateway.openai.ApiException;
import dev.osprey.gateway.openai.JsonFields;
import dev.osprey.gateway.upstream.ReactiveCalls;
import dev.osprey.gateway.upstream.UpstreamErrors;
import dev.osprey.gateway.upstream.UpstreamService;
import dev.osprey.gateway.upstream.Upstreams;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/tokenize} and {@code /v1/detokenize}, accepting llama.cpp's and vLLM's field names.
 * Tokenize: {@code content} or {@code prompt}; {@code add_special} / {@code add_special_tokens};
 * {@code with_pieces}; {@code with_classes} (with {@code language}) adds each token's syntactic
 * classes from a real parser of the source language. Detokenize: {@code tokens} → {@code content}
 * (llama.cpp) and {@code prompt} (vLLM).
 */
@Component
public class TokenizeHandler {
    private final JsonBodies bodies;
    private final CompletionPipeline pipeline;
    private final Upstreams upstreams;
    private final RateGate gate;

    public TokenizeHandler(JsonBodies bodies, CompletionPipeline pipeline, Upstreams upstreams, RateGate gate) {
        this.bodies = bodies;
        this.pipeline = pipeline;
        this.upstreams = upstreams;
        this.gate = gate;
    }

    public Mono<ServerResponse> tokenize(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        return bodies.read(request).flatMap(node -> {
            JsonFields f = JsonFields.body(node);
            String text = f.string("content").or(() -> f.string("prompt")).orElseThrow(() -> ApiException.missing("content"));
            boolean addSpecial = f.bool("add_special").or(() -> f.bool("add_special_tokens")).orElse(false);
            boolean withPieces = f.bool("with_pieces", false);
            boolean withClasses = f.bool("with_classes", false);
            String language = f.string("language").orElse("");
            if (withClasses && language.isEmpty()) {
                throw ApiException.missing("language");
            }
            RateGate.Admission admission = gate.admit(caller, text.length() / 4 + 1);
            return pipeline.catalog().resolve(f.string("model").orElse("")).flatMap(model -> withClasses
                    ? classify(model, text, language).flatMap(tokens -> JsonReplies.ok(admission, tokens))
                    : encode(model, text, addSpecial, withPieces).flatMap(tokens -> JsonReplies.ok(admission, tokens)));
        });
    }

    public Mono<ServerResponse> detokenize(ServerRequest request) {
        Caller caller = Caller.of(request.exchange());
        return bodies.read(request).flatMap(node -> {
            JsonFields f = JsonFields.body(node);
            JsonNode tokens = f.raw("tokens");
            if (tokens == null) {
                throw ApiException.missing("tokens");
            }
            if (!tokens.isArray()) {
                throw ApiException.wrongType("tokens", "an array of token ids", JsonFields.describe(tokens));
            }
            List<Integer> ids = new java.util.ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                JsonNode id = tokens.get(i);
                if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
                    throw ApiException.wrongType("tokens[" + i + "]", "a non-negative integer token id",
                            JsonFields.describe(id));
                }
                ids.add(id.intValue());
            }
            RateGate.Admission admission = gate.admit(caller, ids.size());
            return pipeline.catalog().resolve(f.string("model").orElse("")).flatMap(model -> {
                for (int i = 0; i < ids.size(); i++) {
                    if (ids.get(i) >= model.vocabSize()) {
                        return Mono.error(ApiException.invalidRequest("tokens[" + i + "]", "invalid_value",
                                "Token id " + ids.get(i) + " is outside the vocabulary (size " + model.vocabSize() + ")."));
                    }
                }
                return pipeline.decode(model.name(), ids).flatMap(text -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.put("content", text);
                    body.put("prompt", text);
                    return JsonReplies.ok(admission, body);
                });
            });
        });
    }

    private Mono<ObjectNode> encode(ModelProfile model, String text, boolean addSpecial, boolean withPieces) {
        EncodeRequest request = EncodeRequest.newBuilder().setModel(model.name())
                .setInput(TextInput.newBuilder().setText(text))
                .setOptions(EncodeOptions.newBuilder().setAddSpecial(addSpecial))
                .setWithOffsets(withPieces)
                .build();
        return ReactiveCalls.unary(upstreams.tokenizer(), TokenizerGrpc.getEncodeMethod(), request, ReactiveCalls.defaultDeadline())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.TOKENIZER))
                .map(r -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    ArrayNode tokens = body.putArray("tokens");
                    for (int i = 0; i < r.getIdsCount(); i++) {
                        if (withPieces) {
                            ObjectNode t = tokens.addObject();
                            t.put("id", r.getIds(i));
                            t.put("piece", r.getPieces(i).toString(StandardCharsets.UTF_8));
                            t.put("start", r.getSpans(i).getStart());
                            t.put("end", r.getSpans(i).getEnd());
                        } else {
                            tokens.add(r.getIds(i));
                        }
                    }
                    body.put("count", r.getIdsCount());
                    body.put("max_model_len", model.contextLength());
                    return body;
                });
    }

    private Mono<ObjectNode> classify(ModelProfile model, String text, String language) {
        ClassifyRequest request = ClassifyRequest.newBuilder().setModel(model.name())
                .setInput(TextInput.newBuilder().setText(text)).setLanguage(language).build();
        return ReactiveCalls.unary(upstreams.tokenizer(), TokenizerGrpc.getClassifyMethod(), request, ReactiveCalls.defaultDeadline())
                .onErrorMap(e -> UpstreamErrors.toApi(e, UpstreamService.TOKENIZER))
                .map(r -> {
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    ArrayNode tokens = body.putArray("tokens");
                    for (ClassifiedToken t : r.getTokensList()) {
                        ObjectNode out = tokens.addObject();
                        out.put("id", t.getId());
                        out.put("piece", piece(t.getPiece()));
                        out.put("start", t.getSpan().getStart());
                        out.put("end", t.getSpan().getEnd());
                        ArrayNode classes = out.putArray("classes");
                        for (TokenClass c : t.getClassesList()) {
                            classes.add(c.name().substring("TOKEN_CLASS_".length()).toLowerCase(Locale.ROOT));
                        }
                    }
                    body.put("count", r.getTokensCount());
                    body.put("language", r.getLanguage());
                    body.put("max_model_len", model.contextLength());
                    return body;
                });
    }

    private static String piece(ByteString bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

}
