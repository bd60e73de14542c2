/**
 * What a code assistant puts in front of the model: repositories cut along their syntax and indexed
 * for retrieval ({@code index}, {@code chunk}, {@code embed}, {@code walk}), conversation sessions
 * ({@code session}), the context window chosen per request ({@code window}), compaction of old turns
 * ({@code compaction}) and prompt plans with provenance ({@code plan}). Plain Java: no Spring, gRPC or
 * Kafka (the context server adapts it).
 */
package dev.osprey.context;
