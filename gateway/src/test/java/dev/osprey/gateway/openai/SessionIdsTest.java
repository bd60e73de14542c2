package dev.osprey.gateway.openai;

import static dev.osprey.gateway.TestJson.json;
import static dev.osprey.gateway.openai.Rejections.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Chat's {@code session_id} is checked as the context service stores session ids. */
class SessionIdsTest {

    private static ChatRequest chat(String sessionId) {
        return ChatRequest.parse(json("{'messages': [{'role': 'user', 'content': 'hi'}], 'session_id': " + sessionId
                + "}"));
    }

    @Test
    void lettersDigitsDotsUnderscoresAndDashesAreAccepted() {
        assertThat(chat("'Review-42_v1.2'").sessionId()).isEqualTo("Review-42_v1.2");
        assertThat(chat("'" + "a".repeat(SessionIds.MAX_LENGTH) + "'").sessionId()).hasSize(128);
    }

    @Test
    void anEmptyIdIsRefused() {
        ApiException e = rejected(() -> chat("''"));

        assertThat(e.param()).isEqualTo("session_id");
        assertThat(e.getMessage()).contains("empty");
    }

    @Test
    void otherCharactersAndLongIdsAreRefusedNamingTheField() {
        for (String id : new String[] {"a b", "../etc", "a/b", "sess:1", "caf\u00e9", "tab\\t"}) {
            ApiException e = rejected(() -> chat("'" + id + "'"));
            assertThat(e.param()).isEqualTo("session_id");
            assertThat(e.getMessage()).contains("position");
        }
        assertThat(rejected(() -> chat("'" + "a".repeat(129) + "'")).getMessage()).contains("129", "128");
    }
}
