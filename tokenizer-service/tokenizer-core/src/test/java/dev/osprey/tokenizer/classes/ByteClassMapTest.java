package dev.osprey.tokenizer.classes;

import static dev.osprey.tokenizer.classes.TokenClass.COMMENT;
import static dev.osprey.tokenizer.classes.TokenClass.IDENTIFIER;
import static dev.osprey.tokenizer.classes.TokenClass.OPERATOR;
import static dev.osprey.tokenizer.classes.TokenClass.WHITESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteClassMapTest {
    // " a=b // c": WS ID OP ID WS COMMENT...
    private final ByteClassMap map = new ByteClassMap(new byte[] {
        (byte) WHITESPACE.ordinal(), (byte) IDENTIFIER.ordinal(), (byte) OPERATOR.ordinal(),
        (byte) IDENTIFIER.ordinal(), (byte) WHITESPACE.ordinal(), (byte) COMMENT.ordinal(), (byte) COMMENT.ordinal()
    });

    @Test
    void classesInListsDistinctClassesInOrderOfFirstAppearance() {
        assertThat(map.classesIn(0, 2)).containsExactly(WHITESPACE, IDENTIFIER);
        assertThat(map.classesIn(1, 4)).containsExactly(IDENTIFIER, OPERATOR);
        assertThat(map.classesIn(0, 7)).containsExactly(WHITESPACE, IDENTIFIER, OPERATOR, COMMENT);
        assertThat(map.classesIn(5, 7)).containsExactly(COMMENT);
        assertThat(map.classesIn(3, 3)).isEmpty();
    }

    @Test
    void classesInRejectsSpansOutsideTheMap() {
        assertThatThrownBy(() -> map.classesIn(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.classesIn(3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.classesIn(0, 8)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.classAt(7)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void exposesLengthClassesAndACopyOfTheOrdinals() {
        assertThat(map.length()).isEqualTo(7);
        assertThat(map.classAt(2)).isEqualTo(OPERATOR);
        byte[] ordinals = map.toOrdinalArray();
        ordinals[2] = 0;
        assertThat(map.classAt(2)).isEqualTo(OPERATOR);
        assertThat(map).isEqualTo(new ByteClassMap(map.toOrdinalArray())).hasSameHashCodeAs(new ByteClassMap(map.toOrdinalArray()));
    }

    @Test
    void resultListsAreImmutable() {
        assertThatThrownBy(() -> map.classesIn(0, 2).add(COMMENT)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.classesIn(5, 6).add(COMMENT)).isInstanceOf(UnsupportedOperationException.class);
    }
}
