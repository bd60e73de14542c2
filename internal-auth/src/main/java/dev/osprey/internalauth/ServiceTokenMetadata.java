package dev.osprey.internalauth;

import io.grpc.Metadata;

/** The metadata entry that carries the service token on internal calls. */
public final class ServiceTokenMetadata {
    public static final String NAME = "osprey-service-token";
    public static final Metadata.Key<String> KEY = Metadata.Key.of(NAME, Metadata.ASCII_STRING_MARSHALLER);

    private ServiceTokenMetadata() {}
}
