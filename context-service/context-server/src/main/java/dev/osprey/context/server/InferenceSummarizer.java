package dev.osprey.context.server;

import dev.osprey.api.v1.GenerateEvent;
import dev.osprey.api.v1.GenerateRequest;
import dev.osprey.api.v1.InferenceGrpc;
import dev.osprey.api.v1.Priority;
import dev.osprey.api.v1.TokenIds;
import dev.osprey.context.compaction.Summarizer;
import dev.osprey.context.conversation.Turn;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.template.ChatMessage;
import dev.osprey.tokenizer.template.ChatPromptEncoder;
import dev.osprey.tokenizer.template.ChatTemplate;
import io.grpc.Channel;
import io.grpc.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Summarises conversation turns with the model behind the Inference service: a summarisation chat
 * prompt rendered with the model's chat template (message contents cannot inject control tokens),
 * generated greedily within a deadline. Any failure (unavailable, deadline, an error status, an empty
 * answer) gives {@link Optional#empty()}, and the compactor falls back to extraction.
 */
public final class InferenceSummarizer implements Summarizer {
    private static final Logger log = LoggerFactory.getLogger(InferenceSummarizer.class);

    /** Characters of each turn shown to the summariser: long code dumps are cut. */
    static final int MAX_TURN_CHARS = 2000;

    static final String INSTRUCTIONS = """
            You summarise conversations between a user and a code assistant so that the conversation can \
            continue without them. Keep the user's goals, decisions, names of files, classes and functions, \
            and open questions. Answer with the summary only, in at most %d tokens.""";

    private final InferenceGrpc.InferenceBlockingStub inference;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final ChatPromptEncoder encoder;
    private final Duration deadline;

    public InferenceSummarizer(Channel inference, Tokenizer tokenizer, ChatTemplate template, Duration deadline) {
        this.inference = InferenceGrpc.newBlockingStub(inference);
        this.tokenizer = tokenizer;
        this.template = template;
        this.encoder = new ChatPromptEncoder(tokenizer);
        this.deadline = deadline;
    }

    @Override
    public Optional<String> summarize(String previous, List<Turn> turns, int maxTokens) {
        // A call of its own: neither the plan's deadline nor its cancellation cuts a summary that is cached for later.
        Context previousContext = Context.ROOT.attach();
        try {
            return Optional.of(generate(prompt(previous, turns, maxTokens), maxTokens)).filter(s -> !s.isBlank());
        } catch (RuntimeException e) {
            log.warn("Summary through the Inference service failed ({}); trimming older turns extractively instead",
                    e.toString());
            return Optional.empty();
        } finally {
            Context.ROOT.detach(previousContext);
        }
    }

    private int[] prompt(String previous, List<Turn> turns, int maxTokens) {
        StringBuilder conversation = new StringBuilder();
        if (previous != null && !previous.isBlank()) {
            conversation.append("Summary of the conversation so far:\n").append(previous.strip()).append("\n\n");
            conversation.append("The conversation continued:\n");
        } else {
            conversation.append("The conversation:\n");
        }
        for (Turn turn : turns) {
            String content = turn.content().strip();
            if (content.length() > MAX_TURN_CHARS) {
                content = content.substring(0, MAX_TURN_CHARS) + "\u2026";
            }
            conversation.append(turn.role()).append(": ").append(content).append("\n\n");
        }
        conversation.append("Write the summary.");
        List<ChatMessage> messages = List.of(
                ChatMessage.system(INSTRUCTIONS.formatted(maxTokens)),
                ChatMessage.user(conversation.toString()));
        String rendered = template.render(messages, true);
        return encoder.encode(rendered, messages.stream().map(ChatMessage::content).toList(), replaced -> {
            List<ChatMessage> copy = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                copy.add(new ChatMessage(messages.get(i).role(), replaced.get(i)));
            }
            return template.render(copy, true);
        });
    }

    private String generate(int[] promptIds, int maxTokens) {
        GenerateRequest request = GenerateRequest.newBuilder()
                .setTokenIds(TokenIds.newBuilder().addAllIds(Arrays.stream(promptIds).boxed().toList()))
                .setMaxTokens(maxTokens)
                .setTemperature(0)
                .setPriority(Priority.INTERACTIVE)
                .build();
        StringBuilder text = new StringBuilder();
        Iterator<GenerateEvent> events = inference.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .generate(request);
        boolean finished = false;
        while (events.hasNext()) {
            GenerateEvent event = events.next();
            if (event.hasToken()) {
                text.append(event.getToken().getText());
            } else if (event.hasFinal()) {
                text.append(event.getFinal().getTrailingText());
                finished = true;
            }
        }
        if (!finished) {
            throw new IllegalStateException("the generation ended without its final event");
        }
        return text.toString().strip();
    }

    @Override
    public String toString() {
        return "InferenceSummarizer[" + tokenizer.vocabulary().size() + " tokens, deadline " + deadline + "]";
    }
}
