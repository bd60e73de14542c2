package dev.osprey.gateway.render;

import dev.osprey.gateway.completion.ChoiceEvent;
import java.util.ArrayList;
import java.util.List;

/** One choice collected for a non-streaming response. */
final class ChoiceState {
    final StringBuilder text = new StringBuilder();
    final List<ChoiceEvent.Token> tokens = new ArrayList<>();
    String finishReason;
    ChoiceEvent.Usage usage = ChoiceEvent.Usage.NONE;

    void add(ChoiceEvent event) {
        switch (event) {
            case ChoiceEvent.Token t -> {
                text.append(t.text());
                tokens.add(t);
            }
            case ChoiceEvent.End end -> {
                text.append(end.trailingText());
                finishReason = end.finishReason();
                usage = end.usage();
            }
        }
    }

    /** Choices by index, {@code count} of them, from a finished stream. */
    static List<ChoiceState> collect(List<ChoiceEvent> events, int count) {
        List<ChoiceState> states = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            states.add(new ChoiceState());
        }
        for (ChoiceEvent e : events) {
            states.get(e.index()).add(e);
        }
        return states;
    }
}
