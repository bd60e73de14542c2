package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.gguf.GgufArray.ScalarArray;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GgufValueTest {

    @Test
    void typeIdsAndSizes() {
        assertThat(GgufType.values()).extracting(GgufType::id).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(GgufType.fromId(9)).contains(GgufType.ARRAY);
        assertThat(GgufType.fromId(13)).isEmpty();
        assertThat(GgufType.fromId(-1)).isEmpty();
        assertThat(GgufType.STRING.minEncodedSize()).isEqualTo(8);
        assertThat(GgufType.ARRAY.minEncodedSize()).isEqualTo(12);
        assertThat(GgufType.UINT64.minEncodedSize()).isEqualTo(8);
        assertThat(GgufType.BOOL.isScalar()).isTrue();
        assertThat(GgufType.BOOL.isInteger()).isFalse();
    }

    @Test
    void integersAreRangeChecked() {
        assertThat(GgufValue.uint8(255).value()).isEqualTo(255);
        assertThat(GgufValue.uint32(4_294_967_295L).value()).isEqualTo(4_294_967_295L);
        assertThat(GgufValue.uint64(-1).toString()).isEqualTo("UINT64:18446744073709551615");
        assertThatThrownBy(() -> GgufValue.uint8(256)).hasMessageContaining("out of range for UINT8");
        assertThatThrownBy(() -> GgufValue.int8(128)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GgufValue.uint16(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GgufValue.int16(40_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GgufValue.uint32(1L << 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GgufValue.ofInt(GgufType.INT32, 1L << 31)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GgufValue.ofInt(GgufType.FLOAT32, 1)).hasMessageContaining("not an integer type");
        assertThat(GgufValue.int32(5)).isEqualTo(GgufValue.ofInt(GgufType.INT32, 5)).isNotEqualTo(GgufValue.uint32(5));
    }

    @Test
    void floatsKeepTheirWidth() {
        assertThat(GgufValue.float32(0.1f).value()).isEqualTo((double) 0.1f);
        assertThat(GgufValue.float32(0.1f)).isNotEqualTo(GgufValue.float64(0.1f));
        assertThatThrownBy(() -> new GgufValue.FloatValue(GgufType.FLOAT32, 0.1))
                .hasMessageContaining("not exactly representable as FLOAT32");
        assertThat(GgufValue.float32(Float.NaN)).isEqualTo(GgufValue.float32(Float.NaN));
        assertThatThrownBy(() -> new GgufValue.FloatValue(GgufType.INT32, 1)).hasMessageContaining("not a float type");
        assertThat(GgufValue.bool(true).type()).isEqualTo(GgufType.BOOL);
        assertThat(GgufValue.string("x").type()).isEqualTo(GgufType.STRING);
    }

    @Test
    void scalarArrayAccessors() {
        ScalarArray u32 = GgufArray.ofInts(GgufType.UINT32, 0, 7, 4_294_967_295L);
        assertThat(u32.type()).isEqualTo(GgufType.ARRAY);
        assertThat(u32.elementType()).isEqualTo(GgufType.UINT32);
        assertThat(u32.size()).isEqualTo(3);
        assertThat(u32.getLong(2)).isEqualTo(4_294_967_295L);
        assertThat(u32.toLongArray()).containsExactly(0, 7, 4_294_967_295L);
        assertThatThrownBy(u32::toIntArray).isInstanceOf(ArithmeticException.class).hasMessageContaining("element 2");
        assertThatThrownBy(() -> u32.getDouble(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> u32.getLong(3)).isInstanceOf(IndexOutOfBoundsException.class);

        ScalarArray i16 = GgufArray.ofInts(GgufType.INT16, -2, 3);
        assertThat(i16.toIntArray()).containsExactly(-2, 3);
        assertThat(i16.asByteBuffer().order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(i16.asByteBuffer().getShort(0)).isEqualTo((short) -2);
        assertThat(i16.asByteBuffer().isReadOnly()).isTrue();

        ScalarArray f64 = GgufArray.ofFloat64(0.25, -1e300);
        assertThat(f64.toDoubleArray()).containsExactly(0.25, -1e300);
        assertThat(f64.toFloatArray()).containsExactly(0.25f, Float.NEGATIVE_INFINITY);
        assertThatThrownBy(f64::toLongArray).isInstanceOf(IllegalStateException.class);

        ScalarArray bools = GgufArray.ofBools(true, false);
        assertThat(bools.getBoolean(0)).isTrue();
        assertThat(bools.getLong(1)).isZero();
        assertThatThrownBy(() -> i16.getBoolean(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> GgufArray.ofInts(GgufType.UINT8, 300)).hasMessageContaining("element 0 (300)");
    }

    @Test
    void arraysCompareByContent() {
        assertThat(GgufArray.ofInt32(1, 2)).isEqualTo(GgufArray.ofInts(GgufType.INT32, 1, 2))
                .hasSameHashCodeAs(GgufArray.ofInts(GgufType.INT32, 1, 2))
                .isNotEqualTo(GgufArray.ofInts(GgufType.UINT32, 1, 2))
                .isNotEqualTo(GgufArray.ofInt32(2, 1));
        assertThat(GgufArray.ofFloat32(Float.NaN)).isEqualTo(GgufArray.ofFloat32(Float.NaN));
        assertThat(GgufArray.ofArrays(GgufArray.ofStrings("a"))).isEqualTo(GgufArray.ofArrays(List.of(GgufArray.ofStrings("a"))));

        List<String> source = new ArrayList<>(List.of("a", "b"));
        GgufArray.StringArray strings = GgufArray.ofStrings(source);
        source.set(0, "changed");
        assertThat(strings.values()).containsExactly("a", "b");
        assertThatThrownBy(() -> strings.values().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bigArraysPrintShort() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            many.add("token" + i);
        }
        assertThat(GgufArray.ofStrings(many).toString()).startsWith("ARRAY<STRING>[100000]: [token0, ").hasSizeLessThan(200);
        assertThat(GgufArray.ofInt32(new int[100_000]).toString()).startsWith("ARRAY<INT32>[100000]: [0, 0").hasSizeLessThan(100);
        assertThat(GgufValue.string("x".repeat(1000)).toString()).hasSizeLessThan(100);
    }
}
