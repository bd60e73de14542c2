package dev.osprey.context.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeAnalyzerTest {
    @Test
    void splitsIdentifiersAndKeepsTheWholeForm() {
        assertThat(CodeAnalyzer.terms("parseHTTPResponse2(x)"))
                .containsExactly("parsehttpresponse2", "parse", "http", "response", "2", "x");
        assertThat(CodeAnalyzer.terms("parse_http_response"))
                .containsExactly("parse_http_response", "parsehttpresponse", "parse", "http", "response");
        assertThat(CodeAnalyzer.terms("XMLParser utf8Decode"))
                .containsExactly("xmlparser", "xml", "parser", "utf8decode", "utf", "8", "decode");
    }
}
