package dev.osprey.gateway.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenTextTest {

    @Test
    void wholeUtf8IsItsText() {
        assertThat(TokenText.of(" é".getBytes(StandardCharsets.UTF_8))).isEqualTo(" é");
        assertThat(TokenText.isWholeUtf8(new byte[0])).isTrue();
    }

    @Test
    void bytesOfACutCharacterAreEscapedAndWholeCharactersKept() {
        byte[] piece = {' ', (byte) 0xC3, (byte) 0xA9, (byte) 0xF0, (byte) 0x9F};

        assertThat(TokenText.isWholeUtf8(piece)).isFalse();
        assertThat(TokenText.of(piece)).isEqualTo(" é\\xf0\\x9f");
        assertThat(TokenText.of(new byte[] {(byte) 0x98, (byte) 0x80})).isEqualTo("\\x98\\x80");
    }
}
