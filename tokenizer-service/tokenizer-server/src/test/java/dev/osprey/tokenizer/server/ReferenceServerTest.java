package dev.osprey.tokenizer.server;

import dev.osprey.api.v1.TokenizerGrpc.TokenizerBlockingStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Per-RPC tests share one in-process server with the reference models per test class. */
abstract class ReferenceServerTest {
    static InProcessTokenizerServer server;
    static TokenizerBlockingStub stub;

    @BeforeAll
    static void startServer() {
        server = InProcessTokenizerServer.withReferenceModels();
        stub = server.stub();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
