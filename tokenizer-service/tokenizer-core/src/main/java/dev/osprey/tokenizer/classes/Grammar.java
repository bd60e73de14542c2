package dev.osprey.tokenizer.classes;

import java.util.function.Supplier;
import org.treesitter.TSLanguage;
import org.treesitter.TreeSitterC;
import org.treesitter.TreeSitterCpp;
import org.treesitter.TreeSitterGo;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterRust;
import org.treesitter.TreeSitterTypescript;

/**
 * Where each language's tree-sitter grammar lives: the {@code io.github.bonede:tree-sitter-*} artifact's JNI class,
 * its bundled shared library (a classpath resource) and the C function in it that returns the {@code TSLanguage*}.
 */
enum Grammar {
    JAVA("java", TreeSitterJava::new),
    PYTHON("python", TreeSitterPython::new),
    JAVASCRIPT("javascript", TreeSitterJavascript::new),
    TYPESCRIPT("typescript", TreeSitterTypescript::new),
    GO("go", TreeSitterGo::new),
    RUST("rust", TreeSitterRust::new),
    C("c", TreeSitterC::new),
    CPP("cpp", TreeSitterCpp::new);

    private final String name;
    private final Supplier<TSLanguage> jniLanguage;

    Grammar(String name, Supplier<TSLanguage> jniLanguage) {
        this.name = name;
        this.jniLanguage = jniLanguage;
    }

    static Grammar of(SourceLanguage language) {
        return switch (language) {
            case JAVA -> JAVA;
            case PYTHON -> PYTHON;
            case JAVASCRIPT -> JAVASCRIPT;
            case TYPESCRIPT -> TYPESCRIPT;
            case GO -> GO;
            case RUST -> RUST;
            case C -> C;
            case CPP -> CPP;
        };
    }

    /** Resource path of the shared library without platform prefix and suffix, as bonede's NativeUtils takes it. */
    String libraryResource() {
        return "lib/tree-sitter-" + name;
    }

    /** Name of the exported C function {@code const TSLanguage *tree_sitter_<name>(void)}. */
    String languageFunction() {
        return "tree_sitter_" + name;
    }

    /** A new JNI language object; loads the grammar's library through bonede on first use. */
    TSLanguage newJniLanguage() {
        return jniLanguage.get();
    }
}
