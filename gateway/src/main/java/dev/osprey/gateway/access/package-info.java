/**
 * The gateway's access layer, plain Java: who may call and how often.
 *
 * <ul>
 *   <li>{@link dev.osprey.gateway.access.KeyRegistry} holds the API keys (from configuration and a
 *       {@linkplain dev.osprey.gateway.access.KeyFileParser key file}), stored only as
 *       {@linkplain dev.osprey.gateway.access.HashedSecret salted hashes}, and turns an
 *       {@code Authorization} header into an {@link dev.osprey.gateway.access.AuthResult};
 *       {@link dev.osprey.gateway.access.KeyFilePoller} reloads the file without a restart.</li>
 *   <li>{@link dev.osprey.gateway.access.RateLimiter} applies per-key requests-per-minute and
 *       tokens-per-minute {@linkplain dev.osprey.gateway.access.TokenBucket token buckets} and
 *       reports OpenAI's {@code x-ratelimit-*} {@linkplain dev.osprey.gateway.access.RateLimitHeaders headers}.</li>
 *   <li>{@link dev.osprey.gateway.access.AccessPolicy} refuses to serve a non-loopback address
 *       without keys.</li>
 * </ul>
 */
package dev.osprey.gateway.access;
