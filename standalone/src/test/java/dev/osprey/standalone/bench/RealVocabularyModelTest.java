package dev.osprey.standalone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.testkit.ReferenceFiles;
import dev.osprey.tokenizer.EncodeOptions;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Tokenizers;
import dev.osprey.tokenizer.fim.FimPromptBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealVocabularyModelTest {
    @TempDir
    Path dir;

    /** The GGUF's vocabulary tokenizes exactly as the tokenizer.json it was written from, FIM tokens included. */
    @Test
    void theCopySpeaksTheTokenizerJsonsVocabulary() throws Exception {
        Path json = ReferenceFiles.path("tokenizers/qwen3/tokenizer.json");
        Path model = RealVocabularyModel.write(ReferenceFiles.path("goldens/models/qwen2-s-q8_0.gguf"), json,
                dir.resolve("qwen3-vocabulary.gguf"));
        Tokenizer fromGguf = Tokenizers.load(model);
        Tokenizer fromJson = Tokenizers.load(json);
        assertThat(fromGguf.vocabulary().size()).isEqualTo(151669);
        String code = "def polygon_area(points):\n    \"\"\"Shoelace.\"\"\"\n    return abs(sum(a[0] * b[1] for a, b in"
                + " zip(points, points[1:]))) / 2  # ünïcode 漢字 😀\n\tpublic static <T> List<T> of(T... xs) {}\n";
        assertThat(fromGguf.encode(code, EncodeOptions.PLAIN)).containsExactly(fromJson.encode(code, EncodeOptions.PLAIN));
        assertThat(FimPromptBuilder.forModel("qwen3-vocabulary", fromGguf).spec().supportsRepositoryContext()).isTrue();
    }
}
