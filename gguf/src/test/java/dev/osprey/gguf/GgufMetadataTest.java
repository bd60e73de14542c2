package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GgufMetadataTest {

    private static GgufMetadata metadata() throws GgufFormatException {
        byte[] image = new GgufWriter()
                .putString("general.architecture", "llama")
                .putUInt8("u8", 200)
                .putInt16("i16", -5)
                .putUInt32("u32.big", 3_000_000_000L)
                .putInt64("i64", -7)
                .putUInt64("u64.huge", -2)
                .putFloat32("f32", 0.5f)
                .putFloat64("f64", 1e-300)
                .putBool("flag", true)
                .putStringArray("tokens", List.of("a", "b"))
                .putArray("u8s", GgufArray.ofInts(GgufType.UINT8, 1, 255))
                .putArray("u32s", GgufArray.ofInts(GgufType.UINT32, 1, 3_000_000_000L))
                .putArray("f64s", GgufArray.ofFloat64(0.5, 2))
                .putArray("nested", GgufArray.ofArrays(GgufArray.ofInt32(1)))
                .toByteArray();
        return GgufParser.parse(Path.of("/models/m.gguf"), java.lang.foreign.MemorySegment.ofArray(image)).metadata();
    }

    @Test
    void keysInFileOrder() throws GgufFormatException {
        GgufMetadata md = metadata();
        assertThat(md.size()).isEqualTo(14);
        assertThat(md.keys()).startsWith("general.architecture", "u8", "i16").endsWith("nested");
        assertThat(md.asMap().firstEntry().getValue()).isEqualTo(GgufValue.string("llama"));
        assertThat(md.contains("flag")).isTrue();
        assertThat(md.contains("nope")).isFalse();
        assertThatThrownBy(() -> md.asMap().put("x", GgufValue.bool(true))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void integerGettersAcceptEveryIntegerTypeThatFits() throws GgufFormatException {
        GgufMetadata md = metadata();
        assertThat(md.getInt("u8")).isEqualTo(200);
        assertThat(md.getInt("i16")).isEqualTo(-5);
        assertThat(md.getLong("u32.big")).isEqualTo(3_000_000_000L);
        assertThat(md.getLong("i64")).isEqualTo(-7);
        assertThat(md.findInt("i64")).isEqualTo(OptionalInt.of(-7));
        assertThat(md.findLong("absent")).isEqualTo(OptionalLong.empty());
        assertThatThrownBy(() -> md.getInt("u32.big")).isInstanceOf(GgufMetadataException.class)
                .hasMessage("/models/m.gguf: metadata key 'u32.big' is UINT32 3000000000, which does not fit in an int");
        assertThatThrownBy(() -> md.getLong("u64.huge"))
                .hasMessage("/models/m.gguf: metadata key 'u64.huge' is UINT64 18446744073709551614, which does not fit in a long");
    }

    @Test
    void mismatchesNameKeyExpectedAndActualTypes() throws GgufFormatException {
        GgufMetadata md = metadata();
        assertThatThrownBy(() -> md.getString("u8"))
                .isInstanceOfSatisfying(GgufMetadataException.class, e -> assertThat(e.key()).isEqualTo("u8"))
                .hasMessage("/models/m.gguf: metadata key 'u8' is UINT8, expected STRING");
        assertThatThrownBy(() -> md.getLong("f32")).hasMessage("/models/m.gguf: metadata key 'f32' is FLOAT32, expected an integer type");
        assertThatThrownBy(() -> md.getFloat("u8")).hasMessageContaining("is UINT8, expected FLOAT32 or FLOAT64");
        assertThatThrownBy(() -> md.getBoolean("u8")).hasMessageContaining("expected BOOL");
        assertThatThrownBy(() -> md.getStringArray("u8s")).hasMessageContaining("'u8s' is ARRAY<UINT8>, expected ARRAY<STRING>");
        assertThatThrownBy(() -> md.getFloatArray("tokens")).hasMessageContaining("is ARRAY<STRING>, expected ARRAY<FLOAT32> or ARRAY<FLOAT64>");
        assertThatThrownBy(() -> md.getIntArray("nested")).hasMessageContaining("is ARRAY<ARRAY>, expected an ARRAY of an integer type");
        assertThatThrownBy(() -> md.getArray("flag")).hasMessageContaining("is BOOL, expected ARRAY");
        // find* is empty only for absent keys; a present key of the wrong type is still an error
        assertThatThrownBy(() -> md.findString("u8")).isInstanceOf(GgufMetadataException.class);
        assertThatThrownBy(() -> md.findIntArray("tokens")).isInstanceOf(GgufMetadataException.class);
    }

    @Test
    void missingKeys() throws GgufFormatException {
        GgufMetadata md = metadata();
        assertThatThrownBy(() -> md.getString("llama.rope.freq_base"))
                .isInstanceOf(GgufMetadataException.class)
                .hasMessage("/models/m.gguf: metadata key 'llama.rope.freq_base' is missing");
        assertThatThrownBy(() -> md.get("x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(md.find("x")).isEmpty();
        assertThat(md.findString("x")).isEmpty();
        assertThat(md.findFloat("x")).isEmpty();
        assertThat(md.findDouble("x")).isEmpty();
        assertThat(md.findBoolean("x")).isEmpty();
        assertThat(md.findArray("x")).isEmpty();
        assertThat(md.findStringArray("x")).isEmpty();
        assertThat(md.findFloatArray("x")).isEmpty();
        assertThat(md.findIntArray("x")).isEmpty();
        assertThat(md.findLongArray("x")).isEmpty();
    }

    @Test
    void floatsBooleansAndArrays() throws GgufFormatException {
        GgufMetadata md = metadata();
        assertThat(md.getFloat("f32")).isEqualTo(0.5f);
        assertThat(md.getDouble("f64")).isEqualTo(1e-300);
        assertThat(md.getFloat("f64")).isZero();
        assertThat(md.findFloat("f32")).contains(0.5f);
        assertThat(md.getBoolean("flag")).isTrue();
        assertThat(md.findBoolean("flag")).contains(true);
        assertThat(md.getStringArray("tokens")).containsExactly("a", "b");
        assertThat(md.getIntArray("u8s")).containsExactly(1, 255);
        assertThat(md.getLongArray("u32s")).containsExactly(1, 3_000_000_000L);
        assertThatThrownBy(() -> md.getIntArray("u32s")).isInstanceOf(GgufMetadataException.class)
                .hasMessageContaining("'u32s' is ARRAY<UINT32>").hasMessageContaining("element 1 (3000000000) does not fit in an int");
        assertThat(md.getFloatArray("f64s")).containsExactly(0.5f, 2f);
        int[] first = md.getIntArray("u8s");
        first[0] = 99;
        assertThat(md.getIntArray("u8s")).as("fresh copies").startsWith(1);
    }

    @Test
    void equalityIgnoresSourceButNotOrder() throws GgufFormatException {
        GgufMetadata md = metadata();
        assertThat(GgufMetadata.of(md.asMap())).isEqualTo(md).hasSameHashCodeAs(md);
        java.util.LinkedHashMap<String, GgufValue> reversed = new java.util.LinkedHashMap<>();
        md.asMap().reversed().forEach(reversed::put);
        assertThat(GgufMetadata.of(reversed)).isNotEqualTo(md);
        assertThat(md.toString()).contains("general.architecture = STRING:\"llama\"");
    }
}
