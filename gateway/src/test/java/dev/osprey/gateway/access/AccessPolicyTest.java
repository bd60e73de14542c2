package dev.osprey.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost", "LOCALHOST"})
    void loopbackWithoutKeysIsOpen(String address) {
        AccessDecision decision = AccessPolicy.check(address, false);
        assertThat(decision).isInstanceOfSatisfying(AccessDecision.Open.class,
                open -> assertThat(open.note()).contains("No API keys are configured").contains(address));
        assertThat(decision.orThrow()).isSameAs(decision);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "[::]", "192.168.1.20", "10.0.0.5", "fe80::1", "gateway.internal", ""})
    void anyOtherAddressWithoutKeysIsRefused(String address) {
        AccessDecision decision = AccessPolicy.check(address, false);
        assertThat(decision).isInstanceOfSatisfying(AccessDecision.Refused.class, refused -> assertThat(
                refused.message())
                .contains("no API key is configured")
                .contains("configure an API key")
                .contains("bind to 127.0.0.1"));
        assertThatThrownBy(decision::orThrow).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Refusing to start");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.168.1.20", "127.0.0.1", "::1"})
    void withKeysEveryAddressRequiresThem(String address) {
        assertThat(AccessPolicy.check(address, true)).isInstanceOf(AccessDecision.KeysRequired.class);
    }

    @org.junit.jupiter.api.Test
    void nullAddressMeansAllInterfaces() {
        assertThat(AccessPolicy.check(null, false)).isInstanceOfSatisfying(AccessDecision.Refused.class,
                r -> assertThat(r.message()).contains("listen on all interfaces"));
    }
}
