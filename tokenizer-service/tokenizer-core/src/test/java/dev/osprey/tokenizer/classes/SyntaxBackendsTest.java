package dev.osprey.tokenizer.classes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyntaxBackendsTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(SyntaxBackends.PROPERTY);
    }

    @Test
    void ffmIsTheDefault() {
        assertThat(SyntaxBackends.select().name()).isEqualTo("ffm");
    }

    @Test
    void thePropertyForcesABackend() {
        System.setProperty(SyntaxBackends.PROPERTY, "JNI");
        assertThat(SyntaxBackends.select()).isInstanceOf(JniSyntaxBackend.class);
        System.setProperty(SyntaxBackends.PROPERTY, "ffm");
        assertThat(SyntaxBackends.select()).isInstanceOf(FfmSyntaxBackend.class);
    }

    @Test
    void anUnknownBackendIsRejected() {
        System.setProperty(SyntaxBackends.PROPERTY, "wasm");
        assertThatIllegalArgumentException().isThrownBy(SyntaxBackends::select).withMessageContaining("'wasm'");
    }

    @Test
    void aClassifierOnTheJniBackendWorks() {
        System.setProperty(SyntaxBackends.PROPERTY, "jni");
        CodeTokenClassifier classifier = new CodeTokenClassifier();
        assertThat(classifier.backendName()).isEqualTo("jni");
        assertThat(classifier.classifyBytes("x", SourceLanguage.JAVA).classAt(0)).isEqualTo(TokenClass.IDENTIFIER);
    }
}
