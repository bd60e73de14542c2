package dev.osprey.gateway.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextOffsetsTest {

    @Test
    void countsCodePointsFromTheLead() {
        TextOffsets offsets = new TextOffsets("a\uD83D\uDE00"); // 'a' and one emoji: 2 code points
        assertThat(offsets.current()).isEqualTo(2);

        offsets.advance(" é".getBytes(StandardCharsets.UTF_8));
        assertThat(offsets.current()).isEqualTo(4);
    }

    @Test
    void aCutCharacterCountsOnceItCompletes() {
        TextOffsets offsets = new TextOffsets("");
        offsets.advance(new byte[] {'x', (byte) 0xE2, (byte) 0x82});
        assertThat(offsets.current()).isEqualTo(1);

        offsets.advance(new byte[] {(byte) 0xAC}); // completes '€'
        assertThat(offsets.current()).isEqualTo(2);
    }
}
