package dev.osprey.gateway.render;

import static dev.osprey.gateway.TestJson.assertJson;
import static dev.osprey.gateway.render.Fixtures.collect;
import static dev.osprey.gateway.render.Fixtures.end;
import static dev.osprey.gateway.render.Fixtures.events;
import static dev.osprey.gateway.render.Fixtures.identity;
import static dev.osprey.gateway.render.Fixtures.prepared;
import static dev.osprey.gateway.render.Fixtures.prompt;
import static dev.osprey.gateway.render.Fixtures.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.gateway.completion.Prepared;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class InfillRendererTest {

    @Test
    void responseInLlamaCppsShape() {
        Prepared p = prepared(List.of(prompt("", 5, 6, 7, 8)), 1, token(0, 1), token(0, 2), end(0, "stop", "!", 4, 2, 3));
        assertJson(new InfillRenderer(identity("infill-1"), p).response(events(p)), "{'id': 'infill-1',"
                + " 'content': 'Hello world!', 'model': 'm', 'stop': true, 'stop_type': 'eos', 'tokens_predicted': 2,"
                + " 'tokens_evaluated': 4, 'tokens_cached': 3, 'truncated': false}");
    }

    @Test
    void lengthStopsAtTheLimit() {
        Prepared p = prepared(List.of(prompt("", 5)), 1, token(0, 1), end(0, "length", "", 1, 1, 0));
        assertThat(new InfillRenderer(identity("infill-1"), p).response(events(p)).get("stop_type").stringValue())
                .isEqualTo("limit");
    }

    @Test
    void streamingSendsAnObjectPerTokenAndAFinalOne() {
        Prepared p = prepared(List.of(prompt("", 5, 6)), 1, token(0, 1), token(0, 2), end(0, "length", "!", 2, 2, 0));
        List<ObjectNode> chunks = collect(new InfillRenderer(identity("infill-1"), p).chunks(p.events()));
        assertThat(chunks).hasSize(3);
        assertJson(chunks.get(0), "{'id': 'infill-1', 'content': 'Hello', 'model': 'm', 'stop': false}");
        assertJson(chunks.get(1), "{'id': 'infill-1', 'content': ' world', 'model': 'm', 'stop': false}");
        assertJson(chunks.get(2), "{'id': 'infill-1', 'content': '!', 'model': 'm', 'stop': true,"
                + " 'stop_type': 'limit', 'tokens_predicted': 2, 'tokens_evaluated': 2, 'tokens_cached': 0,"
                + " 'truncated': false}");
    }
}
