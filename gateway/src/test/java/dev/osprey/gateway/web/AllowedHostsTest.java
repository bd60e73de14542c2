package dev.osprey.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedHostsTest {

    @Test
    void aLoopbackBindAllowsTheLoopbackNamesAndTheBoundAddressWithAnyPort() {
        AllowedHosts hosts = AllowedHosts.forBind("127.0.0.2", List.of());

        assertThat(hosts.enforced()).isTrue();
        assertThat(List.of("localhost", "LOCALHOST:80", "127.0.0.1:8080", "[::1]:1", "[0:0:0:0:0:0:0:1]",
                "127.0.0.2:9000", "localhost.")).allMatch(hosts::permits);
        assertThat(List.of("evil.example", "evil.example:8080", "127.0.0.3", "localhost.evil.example", "[::2]"))
                .noneMatch(hosts::permits);
    }

    @Test
    void aNonLoopbackBindChecksOnlyWhenHostsAreConfigured() {
        assertThat(AllowedHosts.forBind("0.0.0.0", List.of()).permits("anything.example")).isTrue();
        assertThat(AllowedHosts.forBind("", List.of()).enforced()).isFalse();

        AllowedHosts configured = AllowedHosts.forBind("0.0.0.0", List.of("api.example.com"));
        assertThat(configured.permits("api.example.com:443")).isTrue();
        assertThat(configured.permits("localhost:8080")).isTrue();
        assertThat(configured.permits("other.example.com")).isFalse();
    }

    @Test
    void entriesMustBeBareHosts() {
        assertThatThrownBy(() -> AllowedHosts.forBind("127.0.0.1", List.of("https://api.example.com/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("osprey.gateway.allowed-hosts").hasMessageContaining("https://api.example.com/");
        assertThatThrownBy(() -> AllowedHosts.forBind("127.0.0.1", List.of(" ")))
                .hasMessageContaining("osprey.gateway.allowed-hosts");
    }
}
