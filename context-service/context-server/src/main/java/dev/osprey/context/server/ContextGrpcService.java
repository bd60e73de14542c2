package dev.osprey.context.server;

import dev.osprey.api.v1.AppendMessagesRequest;
import dev.osprey.api.v1.ChatMessage;
import dev.osprey.api.v1.ContextGrpc;
import dev.osprey.api.v1.DeleteRepositoryRequest;
import dev.osprey.api.v1.DeleteRepositoryResponse;
import dev.osprey.api.v1.DeleteSessionRequest;
import dev.osprey.api.v1.DeleteSessionResponse;
import dev.osprey.api.v1.GetRepositoryRequest;
import dev.osprey.api.v1.GetSessionRequest;
import dev.osprey.api.v1.GetSessionResponse;
import dev.osprey.api.v1.IndexDirectoryRequest;
import dev.osprey.api.v1.IndexFilesRequest;
import dev.osprey.api.v1.IndexReport;
import dev.osprey.api.v1.PlanChatRequest;
import dev.osprey.api.v1.PlanInfillRequest;
import dev.osprey.api.v1.RepositoryFile;
import dev.osprey.api.v1.RepositoryInfo;
import dev.osprey.api.v1.SearchMode;
import dev.osprey.api.v1.SearchRequest;
import dev.osprey.api.v1.SearchResponse;
import dev.osprey.api.v1.SessionInfo;
import dev.osprey.context.plan.ChatPlanRequest;
import dev.osprey.context.plan.InfillPlanRequest;
import dev.osprey.context.plan.InfillPlanner;
import dev.osprey.context.plan.Snippet;
import dev.osprey.context.conversation.Turn;
import dev.osprey.context.session.Message;
import dev.osprey.context.session.Role;
import dev.osprey.context.session.Session;
import dev.osprey.context.session.SessionExistsException;
import dev.osprey.context.session.SessionStore;
import dev.osprey.context.session.UnknownSessionException;
import dev.osprey.context.window.Task;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code osprey.v1.Context} over the context core: checks each request (INVALID_ARGUMENT naming the
 * field), maps it to core types, and maps the result and failures back (see {@link GrpcErrors} for the
 * error contract). Sessions live in a {@link SessionStore}; plans are made by the named model's
 * planners; repositories are delegated to a {@link RepositoryService}.
 */
public final class ContextGrpcService extends ContextGrpc.ContextImplBase {
    static final int DEFAULT_CHAT_RETRIEVE_K = 8;
    static final int DEFAULT_INFILL_RETRIEVE_K = 4;
    static final int DEFAULT_SEARCH_K = 10;
    static final int MAX_K = 100;
    /** Lines of code around the cursor a PlanInfill retrieval query is made of. */
    static final int QUERY_PREFIX_LINES = 24;
    static final int QUERY_SUFFIX_LINES = 8;

    private final ModelRegistry models;
    private final SessionStore sessions;
    private final RepositoryService repositories;
    private final RequestLimits limits;
    private final ContextMetrics metrics;

    public ContextGrpcService(ModelRegistry models, SessionStore sessions, RepositoryService repositories,
                              RequestLimits limits, ContextMetrics metrics) {
        this.models = models;
        this.sessions = sessions;
        this.repositories = repositories;
        this.limits = limits;
        this.metrics = metrics;
    }

    // ---- repositories ----

    @Override
    public StreamObserver<IndexFilesRequest> indexFiles(StreamObserver<IndexReport> responses) {
        return new IndexFilesUpload(repositories, limits, responses);
    }

    @Override
    public void indexDirectory(IndexDirectoryRequest request, StreamObserver<IndexReport> responses) {
        GrpcErrors.unary(responses, () -> {
            String id = Requests.repositoryId("repository_id", request.getRepositoryId());
            if (request.getPath().isBlank()) {
                throw new IllegalArgumentException("path: must not be empty");
            }
            Path directory = Path.of(request.getPath());
            if (!directory.isAbsolute()) {
                throw new IllegalArgumentException("path: '" + Requests.abbreviate(request.getPath())
                        + "' is not an absolute directory on the server's machine");
            }
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("path: '" + Requests.abbreviate(request.getPath())
                        + "' is not a directory on the server's machine");
            }
            return repositories.indexDirectory(id, directory);
        });
    }

    @Override
    public void getRepository(GetRepositoryRequest request, StreamObserver<RepositoryInfo> responses) {
        GrpcErrors.unary(responses, () -> repositories.get(Requests.repositoryId("repository_id",
                request.getRepositoryId())));
    }

    @Override
    public void deleteRepository(DeleteRepositoryRequest request, StreamObserver<DeleteRepositoryResponse> responses) {
        GrpcErrors.unary(responses, () -> DeleteRepositoryResponse.newBuilder()
                .setDeleted(repositories.delete(Requests.repositoryId("repository_id", request.getRepositoryId())))
                .build());
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> responses) {
        GrpcErrors.unary(responses, () -> {
            String id = Requests.repositoryId("repository_id", request.getRepositoryId());
            if (request.getQuery().isBlank()) {
                throw new IllegalArgumentException("query: must not be empty");
            }
            int k = Requests.countOr("k", request.getK(), DEFAULT_SEARCH_K, MAX_K);
            SearchMode mode = switch (request.getMode()) {
                case SEARCH_MODE_UNSPECIFIED, HYBRID -> SearchMode.HYBRID;
                case BM25 -> SearchMode.BM25;
                case DENSE -> SearchMode.DENSE;
                case UNRECOGNIZED -> throw new IllegalArgumentException("mode: unknown search mode "
                        + request.getModeValue());
            };
            return SearchResponse.newBuilder()
                    .addAllHits(metrics.retrieval("search", () -> repositories.search(id, request.getQuery(), k, mode)))
                    .build();
        });
    }

    // ---- sessions ----

    @Override
    public void appendMessages(AppendMessagesRequest request, StreamObserver<SessionInfo> responses) {
        GrpcErrors.unary(responses, () -> {
            String id = request.getSessionId().isEmpty() ? null : Requests.sessionId("session_id", request.getSessionId());
            List<Role> roles = Requests.roles("messages", request.getMessagesList());
            ServedModel model = models.resolve(request.getModel());
            List<Message> messages = new ArrayList<>(roles.size());
            for (int i = 0; i < roles.size(); i++) {
                String content = request.getMessages(i).getContent();
                messages.add(Message.of(roles.get(i), content, model.tokens(content)));
            }
            String sessionId = id == null ? sessions.create().id() : existingOrNew(id);
            for (Message message : messages) {
                sessions.append(sessionId, message);
            }
            return PlanMapping.toProto(sessions.get(sessionId));
        });
    }

    private String existingOrNew(String id) {
        try {
            return sessions.get(id).id();
        } catch (UnknownSessionException e) {
            try {
                return sessions.create(id).id();
            } catch (SessionExistsException raced) {
                return id;
            }
        }
    }

    @Override
    public void getSession(GetSessionRequest request, StreamObserver<GetSessionResponse> responses) {
        GrpcErrors.unary(responses, () -> {
            String id = Requests.sessionId("session_id", request.getSessionId());
            Session session = sessions.get(id);
            GetSessionResponse.Builder out = GetSessionResponse.newBuilder().setInfo(PlanMapping.toProto(session));
            for (Message message : sessions.messages(id)) {
                out.addMessages(PlanMapping.toProto(message));
            }
            return out.build();
        });
    }

    @Override
    public void deleteSession(DeleteSessionRequest request, StreamObserver<DeleteSessionResponse> responses) {
        GrpcErrors.unary(responses, () -> DeleteSessionResponse.newBuilder()
                .setDeleted(sessions.delete(Requests.sessionId("session_id", request.getSessionId())))
                .build());
    }

    // ---- plans ----

    @Override
    public void planChat(PlanChatRequest request, StreamObserver<dev.osprey.api.v1.PromptPlan> responses) {
        GrpcErrors.unary(responses, () -> {
            List<ChatMessage> messages = request.getMessagesList();
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("messages: must hold at least the latest user message");
            }
            List<Role> roles = Requests.roles("messages", messages);
            if (roles.getLast() != Role.USER) {
                throw new IllegalArgumentException("messages[" + (messages.size() - 1) + "].role: the last message must"
                        + " be the latest user message, was '" + roles.getLast().wireName() + "'");
            }
            int maxOutput = Requests.positive("max_output_tokens", request.getMaxOutputTokens());
            int k = Requests.countOr("retrieve_k", request.getRetrieveK(), DEFAULT_CHAT_RETRIEVE_K, MAX_K);
            String repositoryId = request.getRepositoryId().isEmpty() ? null
                    : Requests.repositoryId("repository_id", request.getRepositoryId());
            Task task = switch (request.getTask()) {
                case PLAN_TASK_UNSPECIFIED -> repositoryId == null ? Task.CHAT : Task.REPOSITORY_CHAT;
                case CHAT -> Task.CHAT;
                case REPOSITORY_CHAT -> Task.REPOSITORY_CHAT;
                case UNRECOGNIZED -> throw new IllegalArgumentException("task: unknown task " + request.getTaskValue());
            };
            String sessionId = request.getSessionId().isEmpty() ? null
                    : Requests.sessionId("session_id", request.getSessionId());
            ServedModel model = models.resolve(request.getModel());

            List<Turn> history = new ArrayList<>();
            long sequence = 0;
            if (sessionId != null) {
                for (Message stored : sessions.messages(sessionId)) {
                    history.add(new Turn(stored.role().wireName(), stored.content(), stored.sequence()));
                    sequence = stored.sequence();
                }
                if (history.isEmpty()) {
                    sessions.get(sessionId); // an unknown session has no messages either: NOT_FOUND
                }
            }
            for (int i = 0; i < messages.size() - 1; i++) {
                history.add(new Turn(roles.get(i).wireName(), messages.get(i).getContent(), ++sequence));
            }
            String latest = messages.getLast().getContent();
            List<Snippet> snippets = repositoryId == null ? List.of()
                    : metrics.retrieval("chat", () -> repositories.retrieve(repositoryId, latest, k));
            return PlanMapping.toProto(metrics.planned(model.name(), task, model.chatPlanner().plan(new ChatPlanRequest(
                    sessionId, request.getSystemPrompt(), history, latest, snippets, maxOutput, task))));
        });
    }

    @Override
    public void planInfill(PlanInfillRequest request, StreamObserver<dev.osprey.api.v1.PromptPlan> responses) {
        GrpcErrors.unary(responses, () -> {
            int maxOutput = Requests.positive("max_output_tokens", request.getMaxOutputTokens());
            int k = Requests.countOr("retrieve_k", request.getRetrieveK(), DEFAULT_INFILL_RETRIEVE_K, MAX_K);
            if (!request.getPath().isEmpty()) {
                Requests.relativePath("path", request.getPath());
            }
            String repositoryId = request.getRepositoryId().isEmpty() ? null
                    : Requests.repositoryId("repository_id", request.getRepositoryId());
            List<Snippet> snippets = new ArrayList<>();
            for (int i = 0; i < request.getExtraCount(); i++) {
                RepositoryFile extra = request.getExtra(i);
                snippets.add(extraSnippet(Requests.relativePath("extra[" + i + "].path", extra.getPath()),
                        extra.getContent()));
            }
            ServedModel model = models.resolve(request.getModel());
            InfillPlanner planner = model.infillPlanner();
            String query = query(request.getPrefix(), request.getSuffix());
            if (repositoryId != null && !query.isEmpty()) {
                // the file being completed is already in the prompt as prefix and suffix
                String current = request.getPath();
                snippets.addAll(metrics.retrieval("infill", () -> repositories.retrieve(repositoryId, query, k + 1)).stream()
                        .filter(snippet -> !snippet.path().equals(current)).limit(k).toList());
            }
            return PlanMapping.toProto(metrics.planned(model.name(), Task.INFILL, planner.plan(new InfillPlanRequest(
                    request.getPrefix(), request.getSuffix(), request.getPath(), request.getRepositoryName(), snippets,
                    maxOutput))));
        });
    }

    /** A file the client chose: ranked above every retrieved snippet. */
    static Snippet extraSnippet(String path, String content) {
        int lines = (int) Math.max(1, content.lines().count());
        return new Snippet(path, 1, lines, "", content, Double.POSITIVE_INFINITY);
    }

    /** The code around the cursor: the prefix's last lines and the suffix's first. */
    static String query(String prefix, String suffix) {
        List<String> before = prefix.lines().toList();
        List<String> after = suffix.lines().limit(QUERY_SUFFIX_LINES).toList();
        String query = String.join("\n", before.subList(Math.max(0, before.size() - QUERY_PREFIX_LINES), before.size()))
                + "\n" + String.join("\n", after);
        return query.strip();
    }
}
