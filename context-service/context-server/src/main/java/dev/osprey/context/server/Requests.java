package dev.osprey.context.server;

import dev.osprey.api.v1.ChatMessage;
import dev.osprey.context.conversation.SessionKey;
import dev.osprey.context.session.Role;
import dev.osprey.context.session.SessionStore;
import java.util.List;
import java.util.regex.Pattern;

/** Request checks; each failure is an {@link IllegalArgumentException} whose message starts with the field's wire name. */
final class Requests {
    static final int MAX_REPOSITORY_ID_LENGTH = 128;
    private static final Pattern REPOSITORY_ID = Pattern.compile("[A-Za-z0-9._-]+");

    private Requests() {
    }

    static int positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + ": must be positive, was " + value);
        }
        return value;
    }

    /** {@code value}, or {@code fallback} when unset (0); at most {@code max}. */
    static int countOr(String field, int value, int fallback, int max) {
        if (value < 0) {
            throw new IllegalArgumentException(field + ": must not be negative, was " + value);
        }
        if (value > max) {
            throw new IllegalArgumentException(field + ": at most " + max + ", was " + value);
        }
        return value == 0 ? fallback : value;
    }

    static String sessionId(String field, String id) {
        if (id.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
        try {
            return SessionStore.requireValidId(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + e.getMessage().substring("sessionId".length()), e);
        }
    }

    /** An owner namespace (see context.proto): any text the gateway names a key by, checked by {@link SessionKey}. */
    static String owner(String field, String owner) {
        try {
            return SessionKey.requireValidOwner(owner);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + e.getMessage().substring("owner".length()), e);
        }
    }

    /** A session named by a request's top-level {@code owner} and the id in {@code idField}. */
    static SessionKey session(String idField, String id, String owner) {
        return new SessionKey(owner("owner", owner), sessionId(idField, id));
    }

    static RepositoryKey repository(String idField, String id, String ownerField, String owner) {
        return new RepositoryKey(owner(ownerField, owner), repositoryId(idField, id));
    }

    static String repositoryId(String field, String id) {
        if (id.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
        if (id.length() > MAX_REPOSITORY_ID_LENGTH || !REPOSITORY_ID.matcher(id).matches() || id.equals(".")
                || id.equals("..")) {
            throw new IllegalArgumentException(field + ": '" + abbreviate(id) + "' is not a repository id (1 to "
                    + MAX_REPOSITORY_ID_LENGTH + " letters, digits, '.', '_' and '-', not '.' or '..')");
        }
        return id;
    }

    /** A repository-relative path: '/'-separated, no leading '/', no "." or ".." segment, no empty segment. */
    static String relativePath(String field, String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
        String problem = null;
        if (path.startsWith("/") || path.contains("\\") || path.matches("^[A-Za-z]:.*")) {
            problem = "must be repository-relative ('/'-separated, no leading '/')";
        } else if (path.chars().anyMatch(c -> c == 0 || Character.isISOControl(c))) {
            problem = "must not contain control characters";
        } else {
            for (String segment : path.split("/", -1)) {
                if (segment.equals("..")) {
                    problem = "escapes the repository ('..')";
                    break;
                }
                if (segment.isEmpty() || segment.equals(".")) {
                    problem = "has an empty or '.' segment";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(field + ": '" + abbreviate(path) + "' " + problem);
        }
        return path;
    }

    /** Checks every message's role and returns them as core roles. */
    static List<Role> roles(String field, List<ChatMessage> messages) {
        return java.util.stream.IntStream.range(0, messages.size()).mapToObj(i -> {
            try {
                return Role.of(messages.get(i).getRole());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(field + "[" + i + "].role: unknown role '"
                        + abbreviate(messages.get(i).getRole()) + "' (expected system, user, assistant or tool)", e);
            }
        }).toList();
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "\u2026";
    }
}
