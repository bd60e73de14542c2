/**
 * Service-to-service authentication for the internal gRPC services (tokenizer, context, inference).
 * The plain part ({@link dev.osprey.internalauth.ServiceToken}, the interceptors,
 * {@link dev.osprey.internalauth.ListenerPolicy}) has no Spring; {@link
 * dev.osprey.internalauth.InternalAuthConfiguration} is the thin adapter each internal server imports.
 */
package dev.osprey.internalauth;
