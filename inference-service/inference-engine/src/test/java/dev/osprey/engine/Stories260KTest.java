package dev.osprey.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.engine.forward.KvCache;
import dev.osprey.testkit.ReferenceFiles;
import dev.osprey.tokenizer.Tokenizer;
import dev.osprey.tokenizer.Vocabulary;
import java.util.Arrays;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * karpathy's stories260K: greedy decoding from BOS reproduces the temperature-0 story documented in
 * its model card (run.c's default 256 steps: from BOS at position 0, one token generated per position 0..255).
 */
class Stories260KTest {

    @Test
    void greedyStoryFromBosMatchesTheModelCard() throws IOException {
        String card = Files.readString(ReferenceFiles.path("models/stories260K.md"));
        Matcher m = Pattern.compile("-t 0\\.0\\n(.*?)\\n```", Pattern.DOTALL).matcher(card);
        assertThat(m.find()).as("model card has the temperature-0 sample").isTrue();
        String documented = m.group(1);

        try (Model model = Model.load(ReferenceFiles.path("models/stories260K.gguf"), TestEngines.options())) {
            Tokenizer tokenizer = model.tokenizer();
            int bos = tokenizer.vocabulary().special(Vocabulary.Role.BOS).orElseThrow();
            int steps = 256;
            KvCache cache = model.newKvCache(steps);
            int[] generated = new int[steps];
            int count = 0;
            int token = bos;
            for (int pos = 0; pos < steps; pos++) {
                float[] logits = model.forward(new int[] {token}, pos, cache, false);
                token = LlamaCppGoldensTest.argmax(logits, 0, logits.length);
                if (token == bos) {
                    break; // run.c stops at BOS
                }
                generated[count++] = token;
            }
            String text = tokenizer.decode(Arrays.copyOf(generated, count), false);
            assertThat(text).isEqualTo(documented);
        }
    }
}
