/**
 * The public gRPC API, {@code osprey.v1.Completions}: a thin adapter over the same request records,
 * pipeline, keys and limits as the REST adapter in {@code web}.
 *
 * <ul>
 *   <li>{@link dev.osprey.gateway.grpc.CompletionsGrpcService} runs the rpcs;
 *       {@code ProtoRequests} and {@code ProtoResponses} translate messages; {@code StreamRelay} sends
 *       a generation with gRPC flow control and cancels it when the client does.</li>
 *   <li>{@link dev.osprey.gateway.grpc.AccessInterceptor} authenticates calls; {@code GrpcRateGate}
 *       applies the per-key limits; {@code GrpcErrors} maps API errors to statuses and trailers.</li>
 *   <li>{@link dev.osprey.gateway.grpc.GrpcCompletionsConfiguration} registers them with Spring gRPC.</li>
 * </ul>
 */
package dev.osprey.gateway.grpc;
