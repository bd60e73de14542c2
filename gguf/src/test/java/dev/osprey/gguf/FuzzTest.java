package dev.osprey.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic fuzzing (fixed seeds): valid files, truncated at many offsets, with random bytes
 * flipped, and with huge values written over every count and length, must either open or fail with
 * a {@link GgufFormatException} whose offset lies inside the file. Any other throwable (index out
 * of bounds, negative array size, out of memory, stack overflow) fails the test. Images are parsed
 * from heap segments, which the reader treats exactly like a mapped file.
 */
class FuzzTest {

    private static final long[] HUGE_U64 = {-1L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 62, 1L << 32, 0xFFFF_FFFFL,
            0x8000_0000L, 0x7FFF_FFFFL, 1L << 20};
    private static final int[] HUGE_U32 = {-1, Integer.MAX_VALUE, Integer.MIN_VALUE, 13, 9, 40, 5};

    private record Sample(String name, byte[] image, int headerEnd) {
    }

    private static final List<Sample> SAMPLES = new ArrayList<>();
    private long parses;

    @BeforeAll
    static void loadSamples() throws IOException {
        SAMPLES.add(sample("writer-v3-align32", Fixtures.everything(3, 32, 1).toByteArray()));
        SAMPLES.add(sample("writer-v2-align8", Fixtures.everything(2, 8, 2).toByteArray()));
        SAMPLES.add(sample(Fixtures.STORIES, Files.readAllBytes(Fixtures.resource(Fixtures.STORIES))));
        SAMPLES.add(sample(Fixtures.LLAMA_Q4_K, Files.readAllBytes(Fixtures.resource(Fixtures.LLAMA_Q4_K))));
    }

    private static Sample sample(String name, byte[] image) throws GgufFormatException {
        long dataOffset = GgufParser.parse(Path.of(name), MemorySegment.ofArray(image)).dataOffset();
        return new Sample(name, image, (int) dataOffset);
    }

    /** Parses {@code image[0, length)}: success, or a GgufFormatException inside the file, nothing else. */
    private void check(Sample s, byte[] image, int length, String mutation) {
        parses++;
        Path label = Path.of(s.name());
        MemorySegment segment = MemorySegment.ofArray(image).asSlice(0, length);
        try {
            GgufParser.Parsed parsed = GgufParser.parse(label, segment);
            for (GgufTensorInfo t : parsed.tensors()) {
                MemorySegment data = segment.asSlice(parsed.dataOffset() + t.offset(), t.byteSize());
                if (data.byteSize() > 0) {
                    data.get(ValueLayout.JAVA_BYTE, data.byteSize() - 1);
                }
            }
            parsed.metadata().toString();
        } catch (GgufFormatException e) {
            if (e.offset() < 0 || e.offset() > length || !e.getMessage().startsWith(s.name() + ": ")) {
                fail(s.name() + ", " + mutation + ": bad exception " + e.getMessage());
            }
        } catch (Throwable t) {
            throw new AssertionError(s.name() + ", " + mutation + ": expected success or GgufFormatException", t);
        }
    }

    /** Real files have large metadata; they are sampled where the writer-made ones are covered exhaustively. */
    private static boolean exhaustive(Sample s) {
        return s.headerEnd() < 4096;
    }

    @Test
    void truncatedAnywhere() {
        SplittableRandom random = new SplittableRandom(3);
        for (Sample s : SAMPLES) {
            int end = Math.min(s.image().length, s.headerEnd() + 64);
            for (int length = 0; length <= end; length += exhaustive(s) || length < 1024 ? 1 : random.nextInt(1, 64)) {
                check(s, s.image(), length, "truncated to " + length);
            }
            for (int length = end; length < s.image().length; length += 997) {
                check(s, s.image(), length, "truncated to " + length);
            }
            check(s, s.image(), s.image().length - 1, "last byte cut");
            check(s, s.image(), s.image().length, "intact");
        }
    }

    @Test
    void randomBytesFlipped() {
        for (Sample s : SAMPLES) {
            byte[] image = s.image().clone();
            SplittableRandom random = new SplittableRandom(s.name().hashCode());
            int iterations = exhaustive(s) ? 2_500 : 400;
            for (int iteration = 0; iteration < iterations; iteration++) {
                int flips = random.nextInt(1, 5);
                int[] at = new int[flips];
                byte[] saved = new byte[flips];
                for (int i = 0; i < flips; i++) {
                    // mostly the header, metadata and tensor infos, where bytes mean structure
                    at[i] = random.nextInt(8) == 0 ? random.nextInt(image.length) : random.nextInt(s.headerEnd());
                    saved[i] = image[at[i]];
                    image[at[i]] = (byte) random.nextInt(256);
                }
                check(s, image, image.length, "iteration " + iteration + " flipped bytes at " + Arrays.toString(at));
                for (int i = flips - 1; i >= 0; i--) {
                    image[at[i]] = saved[i];
                }
            }
            assertThat(image).as("restored").isEqualTo(s.image());
        }
    }

    /** Counts, lengths, type ids and offsets get absurd values, wherever they sit. */
    @Test
    void hugeValuesOverwritten() {
        for (Sample s : SAMPLES) {
            byte[] image = s.image().clone();
            ByteBuffer view = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
            SplittableRandom random = new SplittableRandom(7);
            int valuesPerPosition = exhaustive(s) ? 2 : 1;
            for (int at = 0; at + 8 <= s.headerEnd(); at += exhaustive(s) || at < 256 ? 1 : random.nextInt(1, 96)) {
                long saved = view.getLong(at);
                for (int i = 0; i < valuesPerPosition; i++) {
                    long v = HUGE_U64[random.nextInt(HUGE_U64.length)];
                    view.putLong(at, v);
                    check(s, image, image.length, "u64 " + v + " at " + at);
                    view.putLong(at, saved);
                    int v32 = HUGE_U32[random.nextInt(HUGE_U32.length)];
                    view.putInt(at, v32);
                    check(s, image, image.length, "u32 " + v32 + " at " + at);
                    view.putLong(at, saved);
                }
            }
            assertThat(image).as("restored").isEqualTo(s.image());
        }
        assertThat(parses).isGreaterThan(10_000);
    }

    /** The same property through real files on disk: mapping, not just parsing. */
    @Test
    void truncatedFilesOnDisk(@TempDir Path dir) throws IOException {
        Sample stories = SAMPLES.get(2);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 40; i++) {
            int length = i < 20 ? random.nextInt(stories.headerEnd() + 1) : random.nextInt(stories.image().length + 1);
            Path path = dir.resolve("cut-" + length + ".gguf");
            Files.write(path, Arrays.copyOf(stories.image(), length));
            try (GgufFile f = GgufFile.open(path)) {
                f.tensors().forEach(t -> f.tensorData(t).toArray(ValueLayout.JAVA_BYTE));
            } catch (GgufFormatException e) {
                assertThat(e.getMessage()).startsWith(path + ": ");
                assertThat(e.offset()).isBetween(0L, (long) length);
            } catch (IOException e) {
                throw new UncheckedIOException("length " + length, e);
            }
        }
    }
}
