/**
 * Conversation sessions: messages with roles, token counts and timestamps per session id, and a
 * cache of summaries for compaction. {@link dev.osprey.context.session.SessionStore} is the contract;
 * {@link dev.osprey.context.session.JdbcSessionStore} keeps it in embedded H2 (a directory, the
 * default) or PostgreSQL (shared by replicas).
 */
package dev.osprey.context.session;
