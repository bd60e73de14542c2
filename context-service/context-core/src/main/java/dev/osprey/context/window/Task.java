package dev.osprey.context.window;

/** What a request is for; it decides which window tiers apply. */
public enum Task {
    /** Fill-in-the-middle completion: small, fast windows. */
    INFILL,
    /** Chat without repository context. */
    CHAT,
    /** Chat about a repository: large windows for retrieved code. */
    REPOSITORY_CHAT
}
