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
import dev.osprey.api.v1.ListRepositoriesRequest;
import dev.osprey.api.v1.ListRepositoriesResponse;
import dev.osprey.api.v1.PlanChatRequest;
import dev.osprey.api.v1.PlanInfillRequest;
import dev.osprey.api.v1.RepositoryFile;
import dev.osprey.api.v1.RepositoryInfo;
import dev.osprey.api.v1.SearchMode;
import dev.osprey.api.v1.SearchRequest;
import dev.osprey.api.v1.SearchResponse;
import dev.osprey.api.v1.SessionInfo;
import dev.osprey.context.concurrent.OffloadedTask;
import dev.osprey.context.plan.ChatPlanRequest;
import dev.osprey.context.plan.InfillPlanRequest;
import dev.osprey.context.plan.InfillPlanner;
import dev.osprey.context.plan.PromptPlan;
import dev.osprey.context.plan.Snippet;
import dev.osprey.context.plan.SnippetMerge;
import dev.osprey.context.retrieval.CursorRetriever;
import dev.osprey.context.retrieval.RecentFile;
import dev.osprey.context.conversation.SessionKey;
import dev.osprey.context.conversation.Turn;
import dev.osprey.context.session.Message;
import dev.osprey.context.session.Role;
import dev.osprey.context.session.Session;
import dev.osprey.context.session.SessionExistsException;
import dev.osprey.context.session.SessionStore;
import dev.osprey.context.session.UnknownSessionException;
import dev.osprey.context.window.Task;
import io.grpc.stub.StreamObserver;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code osprey.v1.Context} over the context core: checks each request (INVALID_ARGUMENT naming the
 * field), maps it to core types, and maps the result and failures back (see {@link GrpcErrors} for the
 * error contract). Every session and repository is named with the request's {@code owner}, so a call
 * reads and writes that owner's namespace only. Sessions live in a {@link SessionStore}; plans are made by the named model's
 * planners; repositories are delegated to a {@link RepositoryService}.
 */
public final class ContextGrpcService extends ContextGrpc.ContextImplBase {
    static final int DEFAULT_CHAT_RETRIEVE_K = 8;
    static final int DEFAULT_INFILL_RETRIEVE_K = 12;
    static final int DEFAULT_SEARCH_K = 10;
    static final int MAX_K = 100;

    private final ModelRegistry models;
    private final SessionStore sessions;
    private final RepositoryService repositories;
    private final RequestLimits limits;
    private final ContextMetrics metrics;
    /** Runs what a plan needs besides its retrieval, such as counting the code around the cursor. */
    private final java.util.concurrent.Executor besideRetrieval =
            OffloadedTask.virtualThreads("osprey-plan-beside-retrieval");

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
            RepositoryKey repository = repository(request.getRepositoryId(), request.getOwner());
            if (request.getPath().isBlank()) {
                throw new IllegalArgumentException("path: must not be empty");
            }
            Path directory;
            try {
                directory = Path.of(request.getPath());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("path: '" + Requests.abbreviate(request.getPath())
                        + "' is not a path on the server's machine: " + e.getReason());
            }
            if (!directory.isAbsolute()) {
                throw new IllegalArgumentException("path: '" + Requests.abbreviate(request.getPath())
                        + "' is not an absolute directory on the server's machine");
            }
            try {
                if (request.getValidateOnly()) {
                    repositories.checkDirectory(directory);
                    return IndexReport.newBuilder().setRepositoryId(repository.id()).build();
                }
                return repositories.indexDirectory(repository, directory);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("path: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public void getRepository(GetRepositoryRequest request, StreamObserver<RepositoryInfo> responses) {
        GrpcErrors.unary(responses, () -> repositories.get(repository(request.getRepositoryId(), request.getOwner())));
    }

    @Override
    public void listRepositories(ListRepositoriesRequest request, StreamObserver<ListRepositoriesResponse> responses) {
        GrpcErrors.unary(responses, () -> ListRepositoriesResponse.newBuilder()
                .addAllRepositories(repositories.list(request.getAllOwners() ? null
                        : Requests.owner("owner", request.getOwner())))
                .build());
    }

    @Override
    public void deleteRepository(DeleteRepositoryRequest request, StreamObserver<DeleteRepositoryResponse> responses) {
        GrpcErrors.unary(responses, () -> DeleteRepositoryResponse.newBuilder()
                .setDeleted(repositories.delete(repository(request.getRepositoryId(), request.getOwner())))
                .build());
    }

    private static RepositoryKey repository(String id, String owner) {
        return Requests.repository("repository_id", id, "owner", owner);
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> responses) {
        GrpcErrors.unary(responses, () -> {
            RepositoryKey repository = repository(request.getRepositoryId(), request.getOwner());
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
            return metrics.retrieval("search", () -> repositories.search(repository, request.getQuery(), k, mode));
        });
    }

    // ---- sessions ----

    @Override
    public void appendMessages(AppendMessagesRequest request, StreamObserver<SessionInfo> responses) {
        GrpcErrors.unary(responses, () -> {
            String owner = Requests.owner("owner", request.getOwner());
            SessionKey id = request.getSessionId().isEmpty() ? null
                    : Requests.session("session_id", request.getSessionId(), owner);
            List<Role> roles = Requests.roles("messages", request.getMessagesList());
            ServedModel model = models.resolve(request.getModel());
            List<Message> messages = new ArrayList<>(roles.size());
            for (int i = 0; i < roles.size(); i++) {
                String content = request.getMessages(i).getContent();
                messages.add(Message.of(roles.get(i), content, model.tokens(content)));
            }
            SessionKey session = id == null ? new SessionKey(owner, sessions.create(owner).id()) : existingOrNew(id);
            for (Message message : messages) {
                sessions.append(session, message);
            }
            return PlanMapping.toProto(sessions.get(session));
        });
    }

    /** The owner's session {@code id}, created when the owner has none (another owner's is another session). */
    private SessionKey existingOrNew(SessionKey id) {
        try {
            sessions.get(id);
        } catch (UnknownSessionException e) {
            try {
                sessions.create(id);
            } catch (SessionExistsException raced) {
                // created meanwhile by a concurrent append
            }
        }
        return id;
    }

    @Override
    public void getSession(GetSessionRequest request, StreamObserver<GetSessionResponse> responses) {
        GrpcErrors.unary(responses, () -> {
            SessionKey id = Requests.session("session_id", request.getSessionId(), request.getOwner());
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
                .setDeleted(sessions.delete(Requests.session("session_id", request.getSessionId(), request.getOwner())))
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
            String owner = Requests.owner("owner", request.getOwner());
            RepositoryKey repository = request.getRepositoryId().isEmpty() ? null
                    : repository(request.getRepositoryId(), owner);
            Task task = switch (request.getTask()) {
                case PLAN_TASK_UNSPECIFIED -> repository == null ? Task.CHAT : Task.REPOSITORY_CHAT;
                case CHAT -> Task.CHAT;
                case REPOSITORY_CHAT -> Task.REPOSITORY_CHAT;
                case UNRECOGNIZED -> throw new IllegalArgumentException("task: unknown task " + request.getTaskValue());
            };
            SessionKey session = request.getSessionId().isEmpty() ? null
                    : Requests.session("session_id", request.getSessionId(), owner);
            ServedModel model = models.resolve(request.getModel());

            List<Turn> history = new ArrayList<>();
            long sequence = 0;
            if (session != null) {
                for (Message stored : sessions.messages(session)) {
                    history.add(new Turn(stored.role().wireName(), stored.content(), stored.sequence()));
                    sequence = stored.sequence();
                }
                if (history.isEmpty()) {
                    sessions.get(session); // an unknown session has no messages either: NOT_FOUND
                }
            }
            for (int i = 0; i < messages.size() - 1; i++) {
                history.add(new Turn(roles.get(i).wireName(), messages.get(i).getContent(), ++sequence));
            }
            String latest = messages.getLast().getContent();
            long retrievalStart = System.nanoTime();
            List<Snippet> snippets = repository == null ? List.of()
                    : metrics.retrieval("chat", () -> repositories.retrieveForMessage(repository, latest, k));
            long promptStart = System.nanoTime();
            PromptPlan plan = metrics.planned(model.name(), task, model.chatPlanner().plan(new ChatPlanRequest(
                    session, request.getSystemPrompt(), history, latest, snippets, maxOutput, task)));
            return PlanMapping.toProto(plan, promptStart - retrievalStart, System.nanoTime() - promptStart);
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
            RepositoryKey repository = request.getRepositoryId().isEmpty() ? null
                    : repository(request.getRepositoryId(), request.getOwner());
            List<RecentFile> recent = new ArrayList<>();
            for (int i = 0; i < request.getRecentCount(); i++) {
                RepositoryFile file = request.getRecent(i);
                recent.add(new RecentFile(Requests.relativePath("recent[" + i + "].path", file.getPath()),
                        file.getContent()));
            }
            if (!recent.isEmpty() && repository == null) {
                throw new IllegalArgumentException("recent: recently opened or edited files are searched beside a"
                        + " repository's index and need repository_id; send files to include whole as extra"
                        + " (input_extra)");
            }
            List<Snippet> snippets = new ArrayList<>();
            for (int i = 0; i < request.getExtraCount(); i++) {
                RepositoryFile extra = request.getExtra(i);
                snippets.add(extraSnippet(Requests.relativePath("extra[" + i + "].path", extra.getPath()),
                        extra.getContent()));
            }
            ServedModel model = models.resolve(request.getModel());
            InfillPlanner planner = model.infillPlanner();
            String query = CursorRetriever.query(request.getPrefix(), request.getSuffix());
            boolean retrieves = repository != null && !query.isEmpty();
            // the prefix and suffix are counted beside the retrieval, which needs only the lines around the cursor
            OffloadedTask<InfillPlanner.CodeReach> code = OffloadedTask.start(
                    () -> planner.reach(request.getPrefix(), request.getSuffix()),
                    retrieves ? besideRetrieval : Runnable::run);
            long retrievalStart = System.nanoTime();
            if (retrieves) {
                // the file being completed is already in the prompt as prefix and suffix
                String current = request.getPath();
                List<Snippet> retrieved = switch (request.getRetrieval()) {
                    case INFILL_RETRIEVAL_UNSPECIFIED, RETRIEVAL_SYMBOLS -> metrics.retrieval("infill",
                            () -> repositories.retrieveAtCursor(repository, current, request.getPrefix(),
                                    request.getSuffix(), k, recent));
                    case RETRIEVAL_BM25 -> metrics.retrieval("infill", () -> repositories.retrieve(repository, query,
                            k + 1)).stream().filter(snippet -> !snippet.path().equals(current)).limit(k).toList();
                    case UNRECOGNIZED -> throw new IllegalArgumentException("retrieval: unknown retrieval "
                            + request.getRetrievalValue());
                };
                snippets = SnippetMerge.merge(snippets, retrieved);
            }
            long promptStart = System.nanoTime();
            PromptPlan plan = metrics.planned(model.name(), Task.INFILL, planner.plan(new InfillPlanRequest(
                    request.getPrefix(), request.getSuffix(), request.getPath(), request.getRepositoryName(), snippets,
                    maxOutput), joined(code)));
            return PlanMapping.toProto(plan, promptStart - retrievalStart, System.nanoTime() - promptStart);
        });
    }

    private static <T> T joined(OffloadedTask<T> task) {
        try {
            return task.join();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A file the client chose: ranked above every retrieved snippet. */
    static Snippet extraSnippet(String path, String content) {
        int lines = (int) Math.max(1, content.lines().count());
        return new Snippet(path, 1, lines, "", content, Double.POSITIVE_INFINITY, "",
                "sent by the client (extra / input_extra)");
    }
}
