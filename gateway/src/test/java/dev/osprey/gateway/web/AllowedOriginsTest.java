package dev.osprey.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

    @Test
    void noneByDefault() {
        AllowedOrigins none = AllowedOrigins.of(List.of());

        assertThat(none.isEmpty()).isTrue();
        assertThat(none.allows("http://localhost:8080")).isFalse();
    }

    @Test
    void listedOriginsCompareAsBrowsersSpellThem() {
        AllowedOrigins origins = AllowedOrigins.of(List.of("https://App.Example:443/", "http://localhost:3000"));

        assertThat(origins.allows("https://app.example")).isTrue();
        assertThat(origins.allows("http://localhost:3000")).isTrue();
        assertThat(origins.allows("http://app.example")).isFalse();
        assertThat(origins.allows("http://localhost:3001")).isFalse();
        assertThat(origins.allows("null")).isFalse();
        assertThat(AllowedOrigins.of(List.of("*")).allows("https://anything.example")).isTrue();
    }

    @Test
    void entriesMustBeOrigins() {
        assertThatThrownBy(() -> AllowedOrigins.of(List.of("app.example")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("osprey.gateway.cors.allowed-origins").hasMessageContaining("'app.example'");
        assertThatThrownBy(() -> AllowedOrigins.of(List.of("https://app.example/path")))
                .hasMessageContaining("osprey.gateway.cors.allowed-origins");
    }

    @Test
    void sameOriginComparesHostAndPortWithTheHostHeader() {
        assertThat(AllowedOrigins.isSameOrigin("http://localhost:8080", "localhost:8080")).isTrue();
        assertThat(AllowedOrigins.isSameOrigin("http://[::1]:8080", "[::1]:8080")).isTrue();
        assertThat(AllowedOrigins.isSameOrigin("https://api.example", "api.example")).isTrue();
        assertThat(AllowedOrigins.isSameOrigin("http://localhost:3000", "localhost:8080")).isFalse();
        assertThat(AllowedOrigins.isSameOrigin("https://evil.example", "localhost:8080")).isFalse();
        assertThat(AllowedOrigins.isSameOrigin("http://localhost:8080", null)).isFalse();
    }
}
