package dev.osprey.tokenizer.classes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceLanguageTest {

    @ParameterizedTest
    @CsvSource({
        "java, JAVA", "Java, JAVA", "python, PYTHON", "py, PYTHON", "javascript, JAVASCRIPT", "js, JAVASCRIPT",
        "typescript, TYPESCRIPT", "TS, TYPESCRIPT", "go, GO", "golang, GO", "rust, RUST", "rs, RUST", "c, C",
        "cpp, CPP", "c++, CPP", "cxx, CPP", "cc, CPP", "' C++ ', CPP"
    })
    void fromNameAcceptsNamesAndAliases(String name, SourceLanguage expected) {
        assertThat(SourceLanguage.fromName(name)).isEqualTo(expected);
    }

    @Test
    void fromNameRejectsUnknownLanguagesListingTheSupportedOnes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SourceLanguage.fromName("cobol"))
                .withMessageContaining("'cobol'")
                .withMessageContaining("java")
                .withMessageContaining("python (py")
                .withMessageContaining("cpp (c++, cxx, cc)");
        assertThatIllegalArgumentException().isThrownBy(() -> SourceLanguage.fromName(null));
        assertThatIllegalArgumentException().isThrownBy(() -> SourceLanguage.fromName(""));
    }

    @ParameterizedTest
    @CsvSource({
        "Foo.java, JAVA", "src/pkg/mod.py, PYTHON", "lib/x.mjs, JAVASCRIPT", "app.ts, TYPESCRIPT",
        "main.go, GO", "src\\lib.rs, RUST", "include/aio.h, C", "a.c, C", "b.cc, CPP", "v.HPP, CPP"
    })
    void fromPathUsesTheExtension(String path, SourceLanguage expected) {
        assertThat(SourceLanguage.fromPath(path)).contains(expected);
    }

    @Test
    void fromPathIsEmptyWithoutAKnownExtension() {
        assertThat(SourceLanguage.fromPath("Makefile")).isEmpty();
        assertThat(SourceLanguage.fromPath(".gitignore")).isEmpty();
        assertThat(SourceLanguage.fromPath("notes.txt")).isEmpty();
        assertThat(SourceLanguage.fromPath("dir.java/README")).isEmpty();
        assertThat(SourceLanguage.fromPath("trailing.")).isEmpty();
    }
}
