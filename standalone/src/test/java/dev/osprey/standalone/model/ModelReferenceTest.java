package dev.osprey.standalone.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelReferenceTest {

    @Test
    void topLevelFileDefaultsToMain() {
        assertThat(ModelReference.parse("hf:Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/qwen2.5-coder-0.5b-instruct-q8_0.gguf"))
                .isEqualTo(ModelReference.DEFAULT);
    }

    @Test
    void revisionAfterRepository() {
        var ref = (ModelReference.HuggingFace) ModelReference.parse(
                "hf:Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF@main/qwen2.5-coder-0.5b-instruct-q8_0.gguf");
        assertThat(ref).isEqualTo(ModelReference.DEFAULT);

        var pinned = (ModelReference.HuggingFace) ModelReference.parse("hf:owner/repo@0123abc/sub/dir/model.Q4_K_M.gguf");
        assertThat(pinned.revision()).isEqualTo("0123abc");
        assertThat(pinned.file()).isEqualTo("sub/dir/model.Q4_K_M.gguf");
        assertThat(pinned.displayName()).isEqualTo("owner/repo@0123abc/sub/dir/model.Q4_K_M.gguf");
        assertThat(ModelReference.parse(pinned.toString())).isEqualTo(pinned);
    }

    @Test
    void prefixIsCaseInsensitiveAndWhitespaceTrimmed() {
        assertThat(ModelReference.parse("  HF:a/b/c.GGUF ")).isEqualTo(new ModelReference.HuggingFace("a", "b", "main", "c.GGUF"));
    }

    @Test
    void anythingElseIsALocalPath() {
        assertThat(ModelReference.parse("models/x.gguf")).isEqualTo(new ModelReference.LocalFile(Path.of("models/x.gguf")));
        assertThat(ModelReference.parse("/abs/y.bin")).isEqualTo(new ModelReference.LocalFile(Path.of("/abs/y.bin")));
        assertThat(ModelReference.parse("~/m.gguf"))
                .isEqualTo(new ModelReference.LocalFile(Path.of(System.getProperty("user.home"), "m.gguf")));
        assertThat(ModelReference.parse("/abs/y.gguf").displayName()).isEqualTo("y.gguf");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                  | is empty",
            "'   '                               | is empty",
            "hf:                                 | needs OWNER/REPO/FILE.gguf",
            "hf:owner                            | needs OWNER/REPO/FILE.gguf",
            "hf:owner/repo                       | needs OWNER/REPO/FILE.gguf",
            "hf:owner/repo/                      | needs OWNER/REPO/FILE.gguf",
            "hf:owner/repo/model.safetensors     | is not a .gguf file",
            "hf:owner/repo@/model.gguf           | revision after '@' is empty",
            "hf:owner@main/repo/model.gguf       | goes after the repository name",
            "hf:own er/repo/model.gguf           | owner 'own er' may only hold",
            "hf:owner/re$po/model.gguf           | repository 're$po' may only hold",
            "hf:owner/repo/model.gguf@main       | is not a .gguf file",
            "hf:owner/repo@r~1/model.gguf        | revision 'r~1' must be a branch",
            "hf:owner/repo/a//model.gguf         | empty, '.', '..'",
            "hf:owner/repo/../model.gguf         | empty, '.', '..'",
            "https://huggingface.co/a/b/c.gguf   | URLs are not accepted",
    })
    void invalidReferencesSayWhatIsWrongAndShowTheAcceptedForms(String text, String why) {
        assertThatThrownBy(() -> ModelReference.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(why)
                .hasMessageContaining("Accepted forms: /path/to/model.gguf, hf:OWNER/REPO/FILE.gguf")
                .hasMessageContaining("hf:OWNER/REPO@REVISION/FILE.gguf");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> ModelReference.parse(null)).hasMessageContaining("is empty");
    }
}
