package dev.osprey.gateway.completion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gateway.FakeUpstreams;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pieces keep the leading space that decoding a token alone drops (SentencePiece vocabularies). */
class TokenPiecesTest {

    @Test
    void aPieceKeepsItsLeadingSpace() throws Exception {
        try (FakeUpstreams upstreams = new FakeUpstreams()) {
            upstreams.reply(List.of(" world".getBytes(StandardCharsets.UTF_8), "x".getBytes(StandardCharsets.UTF_8),
                    new byte[] {' '}));
            TokenPieces pieces = upstreams.tokenPieces();

            pieces.ensure(FakeUpstreams.MODEL, List.of(100, 101, 102, 555)).block();

            assertThat(new String(pieces.piece(FakeUpstreams.MODEL, 100), StandardCharsets.UTF_8)).isEqualTo(" world");
            assertThat(new String(pieces.piece(FakeUpstreams.MODEL, 101), StandardCharsets.UTF_8)).isEqualTo("x");
            assertThat(new String(pieces.piece(FakeUpstreams.MODEL, 102), StandardCharsets.UTF_8)).isEqualTo(" ");
            assertThat(new String(pieces.piece(FakeUpstreams.MODEL, 555), StandardCharsets.UTF_8)).isEqualTo("t555");
        }
    }
}
